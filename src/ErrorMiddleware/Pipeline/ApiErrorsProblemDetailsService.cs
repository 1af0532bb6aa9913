using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// Replaces ASP.NET Core's <see cref="IProblemDetailsService"/> so that everything the framework renders through
/// it (<c>Results.Problem</c>, <c>TypedResults.ValidationProblem</c>, the exception handler, status-code pages,
/// the developer exception page) comes out in the active dialect instead of as a stray problem+json.
/// </summary>
internal sealed class ApiErrorsProblemDetailsService(ErrorResponseWriter writer, ExceptionClassifier classifier) : IProblemDetailsService
{
    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        if (!await TryWriteAsync(context).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The error response could not be written because the response has already started.");
        }
    }

    public async ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.HttpContext;
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var error = ProblemDetailsConversion.ToApiError(context.ProblemDetails, context.Exception, httpContext.Response.StatusCode, classifier, httpContext);
        await writer.WriteAsync(httpContext, error).ConfigureAwait(false);
        return true;
    }
}
