using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Applies the framework's <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/> to an error the ProblemDetails
/// dialect writes, as <c>AddProblemDetails(o =&gt; o.CustomizeProblemDetails = ...)</c> users expect: the callback gets
/// a <see cref="ProblemDetailsContext"/> with the request, the exception and the <see cref="ProblemDetails"/> the dialect
/// would write, and what it changes is written.
/// </summary>
/// <remarks>
/// <para>
/// The callback sees <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c>, the extensions <c>code</c> and
/// <c>traceId</c> and the error's own extensions; for field errors an <see cref="HttpValidationProblemDetails"/> with its
/// <c>errors</c>. The response's status is the error's while it runs.
/// </para>
/// <para>
/// Written back: <c>type</c> and <c>title</c> (<see langword="null"/>: the status's default), <c>detail</c> and
/// <c>instance</c> (<see langword="null"/>: unchanged), the extensions, and the status: the problem's <c>Status</c> when the
/// callback changed it, else the response's status when the callback set that, so that body and response always agree.
/// <c>code</c>, <c>traceId</c>, <c>errors</c>, <c>errorCodes</c> and <c>exceptionDetails</c> are the dialect's own: changes
/// to them are not written. A status outside 400-599, or a callback that throws, gets the dialect's fixed fallback body
/// (logged as <c>WriteFailed</c>), like <see cref="ApiErrorsOptions.OnError"/>.
/// </para>
/// </remarks>
internal static class ProblemDetailsCustomization
{
    /// <summary>The error as the callback left it; <paramref name="error"/> itself when the dialect is not ProblemDetails or there is no callback.</summary>
    public static ResolvedError Apply(HttpContext context, Exception? exception, ResolvedError error)
    {
        if (!string.Equals(error.Dialect, ProblemDetailsDialect.Instance.Name, StringComparison.Ordinal)
            || context.RequestServices?.GetService<IOptions<ProblemDetailsOptions>>()?.Value.CustomizeProblemDetails is not { } customize)
        {
            return error;
        }

        var (defaultType, defaultTitle) = ProblemDetailsDefaults.For(error.StatusCode);
        var type = error.ProblemType ?? defaultType;
        var title = error.ProblemTitle ?? defaultTitle;
        var problem = error.Fields.Count == 0 ? new ProblemDetails() : new HttpValidationProblemDetails(Errors(error.Fields));
        problem.Type = type;
        problem.Title = title;
        problem.Status = error.StatusCode;
        problem.Detail = error.Message;
        problem.Instance = error.Instance;
        problem.Extensions["code"] = error.Code.NumericCode is { } numeric ? numeric : error.Code.Code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        if (error.Extensions is { } extensions)
        {
            foreach (var (key, value) in extensions)
            {
                if (!IsDialectMember(key))
                {
                    problem.Extensions[key] = value;
                }
            }
        }

        var response = context.Response;
        var started = response.HasStarted;
        if (!started)
        {
            response.StatusCode = error.StatusCode;
        }

        customize(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = problem,
            AdditionalMetadata = context.GetEndpoint()?.Metadata,
        });

        var status = problem.Status ?? error.StatusCode;
        if (status == error.StatusCode && !started && response.StatusCode != error.StatusCode)
        {
            status = response.StatusCode; // the callback set the response's status rather than the problem's
        }

        if (status is < 400 or > 599)
        {
            throw new InvalidOperationException("ProblemDetailsOptions.CustomizeProblemDetails must leave a status between 400 and 599.");
        }

        return error with
        {
            StatusCode = status,
            ProblemType = string.Equals(problem.Type, type, StringComparison.Ordinal) ? error.ProblemType : problem.Type,
            ProblemTitle = string.Equals(problem.Title, title, StringComparison.Ordinal) ? error.ProblemTitle : problem.Title,
            Message = problem.Detail ?? error.Message,
            Instance = problem.Instance is { } instance ? FieldNameResolver.Cap(instance) : error.Instance,
            Extensions = Extensions(problem.Extensions),
        };
    }

    private static bool IsDialectMember(string key) => key is "type" or "title" or "status" or "detail" or "instance"
        or "code" or "traceId" or "errors" or "errorCodes" or "exceptionDetails";

    private static Dictionary<string, string[]> Errors(IReadOnlyList<FieldError> fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in fields.GroupBy(static f => f.Field, StringComparer.Ordinal))
        {
            errors[group.Key] = [.. group.Select(static f => f.Message)];
        }

        return errors;
    }

    private static Dictionary<string, object?>? Extensions(IDictionary<string, object?> members)
    {
        Dictionary<string, object?>? extensions = null;
        foreach (var (key, value) in members)
        {
            if (!IsDialectMember(key))
            {
                (extensions ??= new Dictionary<string, object?>(StringComparer.Ordinal))[key] = value;
            }
        }

        return extensions;
    }
}
