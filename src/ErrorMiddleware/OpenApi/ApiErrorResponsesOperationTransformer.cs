using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ErrorMiddleware;

/// <summary>
/// Adds the error responses an operation can produce, decided from its endpoint metadata, with example bodies
/// resolved and serialized by <see cref="ErrorResponseWriter"/> exactly as a real failure would be.
/// </summary>
internal sealed class ApiErrorResponsesOperationTransformer : IOpenApiOperationTransformer
{
    internal const string ExampleRequestId = "0HNEXAMPLE0000:00000001";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var services = context.ApplicationServices;
        var writer = services.GetService<ErrorResponseWriter>()
            ?? throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()' before building the application.");
        var selector = services.GetRequiredService<ErrorDialectSelector>();
        var resolver = services.GetRequiredService<ErrorResolver>();

        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var dialect = selector.ForMetadata([.. metadata]);
        var failures = Failures(operation, description, metadata);

        var exampleContext = new DefaultHttpContext { TraceIdentifier = ExampleRequestId };
        exampleContext.Request.Path = "/" + (description.RelativePath ?? string.Empty).TrimStart('/');

        // The endpoint's dialect, and those a client can ask for with its Accept header.
        List<ApiErrorDialect> dialects = [dialect];
        if (writer.Options.HonorProblemDetailsAccept)
        {
            dialects.AddRange(selector.Registry.Selectable.Where(d => d != dialect));
        }

        // One response per status; in it one media type per dialect, with one named example per distinct code
        // (never the single "example", so that each one says which failure it shows), in the order of the failures.
        var byStatus = new SortedDictionary<int, Dictionary<string, OpenApiMediaType>>();
        foreach (var each in dialects)
        {
            var mediaType = each.ContentType.Split(';')[0];
            var schema = SchemaFor(each, context.Document);
            foreach (var (name, error) in failures)
            {
                var resolved = resolver.Resolve(exampleContext, error, each);
                if (!byStatus.TryGetValue(resolved.StatusCode, out var contents))
                {
                    byStatus[resolved.StatusCode] = contents = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                }

                if (!contents.TryGetValue(mediaType, out var content))
                {
                    contents[mediaType] = content = new OpenApiMediaType
                    {
                        Schema = schema,
                        Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal),
                    };
                }

                var examples = content.Examples!;
                if (!examples.ContainsKey(name) && !examples.Values.Any(e => e.Summary == Summary(resolved)))
                {
                    examples[name] = new OpenApiExample { Summary = Summary(resolved), Value = Example(each, resolved, exampleContext) };
                }
            }
        }

        operation.Responses ??= [];
        foreach (var (status, contents) in byStatus)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            var existing = operation.Responses.TryGetValue(key, out var found) ? found : null;
            var headers = new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase)
            {
                [writer.Options.RequestIdHeaderName] = new OpenApiHeader
                {
                    Description = "The request id, also written in the body.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
            if (status == StatusCodes.Status429TooManyRequests)
            {
                headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }

            operation.Responses[key] = new OpenApiResponse
            {
                Description = string.IsNullOrEmpty(existing?.Description) ? ErrorCodes.ReasonPhrase(status) : existing.Description,
                Content = contents,
                Headers = headers,
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>The failures an operation can produce, decided from its metadata, in the order they are documented.</summary>
    private static List<(string Name, ApiError Error)> Failures(OpenApiOperation operation, ApiDescription description, IList<object> metadata)
    {
        var failures = new List<(string, ApiError)>();
        if (HasParameter(description, BindingSource.Body))
        {
            var field = BodyFieldName(operation);
            failures.Add(("RequestBodyInvalid", new ApiError { Kind = ErrorKind.RequestBodyInvalid }));
            failures.Add(("ValidationFailed", new ApiError
            {
                Kind = ErrorKind.ValidationFailed,
                Fields = [new FieldError(field, $"'{field}' must not be empty.", isMissing: true)],
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

    /// <summary>A field of the body for the validation example: its first required property, else its first property.</summary>
    private static string BodyFieldName(OpenApiOperation operation)
    {
        if (operation.RequestBody?.Content is { } content)
        {
            foreach (var (_, media) in content)
            {
                if (media.Schema is not { } schema)
                {
                    continue;
                }

                if (schema.Required is { Count: > 0 } required)
                {
                    return required.First();
                }

                if (schema.Properties is { Count: > 0 } properties)
                {
                    return properties.Keys.First();
                }
            }
        }

        return "body";
    }

    private static IOpenApiSchema SchemaFor(ApiErrorDialect dialect, OpenApiDocument? document)
    {
        if (document is null)
        {
            return ApiErrorSchemas.Create(dialect);
        }

        var id = ApiErrorSchemas.IdFor(dialect);
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, ApiErrorSchemas.Create(dialect));
        }

        return new OpenApiSchemaReference(id, document);
    }

    /// <summary>The example's summary: its code and the documented message; two examples with the same one are the same.</summary>
    private static string Summary(ResolvedError error) => error.Code.Code + ": " + error.Code.Message;

    private static JsonNode? Example(ApiErrorDialect dialect, ResolvedError error, HttpContext context)
    {
        using var body = ErrorResponseWriter.Serialize(dialect, error, context);
        return JsonNode.Parse(body.WrittenMemory.Span);
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
