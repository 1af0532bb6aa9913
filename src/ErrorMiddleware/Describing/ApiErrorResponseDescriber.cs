using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;

namespace ErrorMiddleware;

/// <summary>
/// Tells, for an endpoint, which error responses it can produce: decided from its metadata, in its dialect and in
/// those a client can ask for, with each dialect's JSON Schema and example bodies resolved and written by the same
/// code as a real failure. The OpenAPI integrations (<c>ErrorMiddleware.OpenApi</c>, <c>ErrorMiddleware.Swashbuckle</c>)
/// are built on it; resolve it from the services after <c>AddApiErrors()</c>.
/// </summary>
/// <remarks>
/// The failures: 400 (body invalid, validation failed) on endpoints with a body; 401 (and Wanqing's 400 for an
/// invalid key) on endpoints that require authorization, plus 403 when a policy or roles are required; the quota
/// error on endpoints with a quota cost; 429 with <c>Retry-After</c> on rate-limited endpoints; 404 on endpoints with
/// route parameters; and 500 on every endpoint.
/// </remarks>
public sealed class ApiErrorResponseDescriber
{
    /// <summary>The request id written in example bodies.</summary>
    public const string ExampleRequestId = "0HNEXAMPLE0000:00000001";

    private readonly ErrorResponseWriter _writer;
    private readonly ErrorDialectSelector _selector;
    private readonly ErrorResolver _resolver;

    internal ApiErrorResponseDescriber(ErrorResponseWriter writer, ErrorDialectSelector selector, ErrorResolver resolver)
    {
        _writer = writer;
        _selector = selector;
        _resolver = resolver;
    }

    /// <summary>Describes the error responses of one endpoint, ordered by status code.</summary>
    /// <param name="apiDescription">The endpoint, as API Explorer describes it.</param>
    /// <param name="bodyFieldName">
    /// A field of the request body to name in the validation example (the document's first required property, say);
    /// <c>body</c> when <see langword="null"/>.
    /// </param>
    /// <returns>One description per status code the endpoint can answer with on failure.</returns>
    public IReadOnlyList<ApiErrorResponseDescription> Describe(ApiDescription apiDescription, string? bodyFieldName = null)
    {
        ArgumentNullException.ThrowIfNull(apiDescription);
        var metadata = apiDescription.ActionDescriptor.EndpointMetadata;
        var dialect = _selector.ForMetadata([.. metadata]);
        var failures = Failures(apiDescription, metadata, string.IsNullOrEmpty(bodyFieldName) ? "body" : bodyFieldName);

        var exampleContext = new DefaultHttpContext { TraceIdentifier = ExampleRequestId };
        exampleContext.Request.Path = "/" + (apiDescription.RelativePath ?? string.Empty).TrimStart('/');

        // The endpoint's dialect, and those a client can ask for with its Accept header.
        List<ApiErrorDialect> dialects = [dialect];
        if (_writer.Options.HonorProblemDetailsAccept)
        {
            dialects.AddRange(_selector.Registry.Selectable.Where(d => d != dialect));
        }

        // One response per status; in it one content per dialect, with one named example per distinct code, in the
        // order of the failures.
        var byStatus = new SortedDictionary<int, List<(ApiErrorDialect Dialect, List<ApiErrorExampleDescription> Examples)>>();
        foreach (var each in dialects)
        {
            foreach (var (name, error) in failures)
            {
                var resolved = _resolver.Resolve(exampleContext, error, each);
                if (!byStatus.TryGetValue(resolved.StatusCode, out var contents))
                {
                    byStatus[resolved.StatusCode] = contents = [];
                }

                var index = contents.FindIndex(c => c.Dialect == each);
                if (index < 0)
                {
                    contents.Add((each, []));
                    index = contents.Count - 1;
                }

                var examples = contents[index].Examples;
                var summary = resolved.Code.Code + ": " + resolved.Code.Message;
                if (!examples.Exists(e => e.Name == name || e.Summary == summary))
                {
                    examples.Add(new ApiErrorExampleDescription
                    {
                        Name = name,
                        Summary = summary,
                        Value = Example(each, resolved, exampleContext),
                    });
                }
            }
        }

        var responses = new List<ApiErrorResponseDescription>(byStatus.Count);
        foreach (var (status, contents) in byStatus)
        {
            List<ApiErrorHeaderDescription> headers =
            [
                new() { Name = _writer.Options.RequestIdHeaderName, Description = "The request id, also written in the body.", Type = "string" },
            ];
            if (status == StatusCodes.Status429TooManyRequests)
            {
                headers.Add(new() { Name = "Retry-After", Description = "Seconds to wait before retrying.", Type = "integer" });
            }

            responses.Add(new ApiErrorResponseDescription
            {
                StatusCode = status,
                Description = ErrorCodes.ReasonPhrase(status),
                Headers = headers,
                Content = [.. contents.Select(c => new ApiErrorContentDescription
                {
                    Dialect = c.Dialect,
                    MediaType = c.Dialect.ContentType.Split(';')[0].Trim(),
                    SchemaId = c.Dialect.Name + "Error",
                    Schema = c.Dialect.CreateSchema() ?? new JsonObject { ["type"] = "object", ["description"] = c.Dialect.Name + " error." },
                    Examples = c.Examples,
                })],
            });
        }

        return responses;
    }

    /// <summary>The failures an endpoint can produce, decided from its metadata, in the order they are documented.</summary>
    private static List<(string Name, ApiError Error)> Failures(ApiDescription description, IList<object> metadata, string bodyField)
    {
        var failures = new List<(string, ApiError)>();
        if (HasParameter(description, BindingSource.Body))
        {
            failures.Add(("RequestBodyInvalid", new ApiError { Kind = ErrorKind.RequestBodyInvalid }));
            failures.Add(("ValidationFailed", new ApiError
            {
                Kind = ErrorKind.ValidationFailed,
                Fields = [new FieldError(bodyField, $"'{bodyField}' must not be empty.", isMissing: true)],
            }));
        }

        if (RequiresAuthorization(metadata, out var hasPolicy))
        {
            failures.Add(("AuthenticationMissing", new ApiError { Kind = ErrorKind.AuthenticationMissing }));
            failures.Add(("AuthenticationInvalid", new ApiError { Kind = ErrorKind.AuthenticationInvalid }));
            if (hasPolicy)
            {
                failures.Add(("Forbidden", new ApiError { Kind = ErrorKind.Forbidden }));
            }
        }

        if (Last<IQuotaCostMetadata>(metadata) is not null)
        {
            failures.Add(("QuotaExceeded", new ApiError { Kind = ErrorKind.QuotaExceeded }));
        }

        if (Last<EnableRateLimitingAttribute>(metadata) is not null && Last<DisableRateLimitingAttribute>(metadata) is null)
        {
            failures.Add(("RateLimited", new ApiError { Kind = ErrorKind.RateLimited }));
        }

        if (HasParameter(description, BindingSource.Path))
        {
            failures.Add(("NotFound", new ApiError { Kind = ErrorKind.NotFound }));
        }

        // The typed error results an endpoint declares it returns (Results<Ok<T>, QuotaExceededHttpResult>).
        foreach (var item in metadata)
        {
            if (item is ApiErrorResponseMetadata declared && !failures.Exists(f => f.Item1 == declared.Kind.ToString()))
            {
                failures.Add((declared.Kind.ToString(), new ApiError { Kind = declared.Kind }));
            }
        }

        failures.Add(("InternalError", new ApiError { Kind = ErrorKind.InternalError }));
        return failures;
    }

    private static bool RequiresAuthorization(IList<object> metadata, out bool hasPolicy)
    {
        hasPolicy = false;
        var requires = false;
        foreach (var item in metadata)
        {
            switch (item)
            {
                case IAllowAnonymous:
                    hasPolicy = false;
                    return false;
                case IAuthorizeData data:
                    requires = true;
                    hasPolicy |= !string.IsNullOrEmpty(data.Policy) || !string.IsNullOrEmpty(data.Roles);
                    break;
                case AuthorizationPolicy or IAuthorizationRequirementData:
                    requires = true;
                    hasPolicy = true;
                    break;
            }
        }

        return requires;
    }

    private static bool HasParameter(ApiDescription description, BindingSource source)
    {
        foreach (var parameter in description.ParameterDescriptions)
        {
            if (parameter.Source == source)
            {
                return true;
            }
        }

        return false;
    }

    private static JsonNode? Example(ApiErrorDialect dialect, ResolvedError error, HttpContext context)
    {
        // An example is the same on every fetch of the document: the trace of the request that fetched it stays out.
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            using var body = ErrorResponseWriter.Serialize(dialect, error, context);
            return JsonNode.Parse(body.WrittenMemory.Span);
        }
        finally
        {
            Activity.Current = current;
        }
    }

    private static T? Last<T>(IList<object> metadata)
        where T : class
    {
        for (var i = metadata.Count - 1; i >= 0; i--)
        {
            if (metadata[i] is T match)
            {
                return match;
            }
        }

        return null;
    }
}
