using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware;

/// <summary>
/// Wraps MVC's form value-provider factories: MVC turns a failed form read into a model-state error (a 400), so a
/// body over a limit (Kestrel's or a form limit) would read as a validation failure. The 413 is recorded on the request
/// instead (<see cref="FormLimitExceeded"/>) and <see cref="FormLimitActionFilter"/> answers it before any other
/// action filter runs; nothing is rethrown to be classified again.
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
        catch (ValueProviderException exception) when (IsOverLimit(exception.InnerException))
        {
            // No value provider for the form: binding goes on without it, and the filter writes the 413.
            context.ActionContext.HttpContext.Features.Set(new FormLimitExceeded(FormLimitExceptionMapper.TooLarge(exception.InnerException!)));
        }
    }

    private static bool IsOverLimit(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        InvalidDataException invalid => FormLimitExceptionMapper.IsLimit(invalid),
        _ => false,
    };
}
