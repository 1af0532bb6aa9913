using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ErrorMiddleware;

/// <summary>
/// Wraps a request's <see cref="IFormFeature"/> so that a form limit (<see cref="FormOptions"/> value count, key or
/// value length, multipart body, header or boundary length) surfaces as a 413 <see cref="BadHttpRequestException"/>
/// rather than the form reader's <see cref="InvalidDataException"/>. Minimal APIs then answer 413 (they keep a
/// <see cref="BadHttpRequestException"/>'s status, but turn <see cref="InvalidDataException"/> into 400), as do MVC and
/// handlers calling <c>ReadFormAsync</c> themselves.
/// </summary>
internal sealed class FormLimitFeature(IFormFeature inner) : IFormFeature
{
    public bool HasFormContentType => inner.HasFormContentType;

    public IFormCollection? Form
    {
        get => inner.Form;
        set => inner.Form = value;
    }

    public IFormCollection ReadForm()
    {
        try
        {
            return inner.ReadForm();
        }
        catch (InvalidDataException exception) when (IsLimit(exception))
        {
            throw TooLarge(exception);
        }
    }

    public async Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception) when (IsLimit(exception))
        {
            throw TooLarge(exception);
        }
    }

    /// <summary>
    /// The form and multipart readers report every limit as <c>"... limit {n} exceeded."</c>; other invalid data
    /// (a malformed body) stays a 400.
    /// </summary>
    internal static bool IsLimit(InvalidDataException exception) =>
        exception.Message.Contains(" limit ", StringComparison.Ordinal) && exception.Message.Contains("exceeded", StringComparison.Ordinal);

    private static BadHttpRequestException TooLarge(InvalidDataException exception) =>
        new(exception.Message, StatusCodes.Status413PayloadTooLarge, exception);
}
