using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware;

/// <summary>
/// Wraps MVC's form value-provider factories: MVC turns a failed form read into a model-state error (a 400), so a
/// body over a limit (Kestrel's or a form limit) would read as a validation failure. The 413 is rethrown instead, and
/// <c>UseApiErrors()</c> writes it.
/// </summary>
internal sealed class FormLimitValueProviderFactory(IValueProviderFactory inner) : IValueProviderFactory
{
    public IValueProviderFactory Inner { get; } = inner;

    public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        try
        {
            await Inner.CreateValueProviderAsync(context).ConfigureAwait(false);
        }
        catch (ValueProviderException exception) when (exception.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge)
        {
            ExceptionDispatchInfo.Throw(tooLarge);
        }
        catch (ValueProviderException exception) when (exception.InnerException is InvalidDataException invalid && FormLimitErrors.IsLimit(invalid))
        {
            throw new BadHttpRequestException(invalid.Message, StatusCodes.Status413PayloadTooLarge, invalid);
        }
    }
}
