using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace ErrorMiddleware;

/// <summary>
/// Classifies a minimal-API parameter-binding failure (the <see cref="BadHttpRequestException"/> the framework
/// throws when <c>RouteHandlerOptions.ThrowOnBadRequest</c> is on) without reading its English text: an inner
/// <see cref="JsonException"/> is a body that does not parse or has the wrong shape (100001, field from the JSON path,
/// named by <see cref="FieldNameResolver"/>; for the body as a whole, whether it is not JSON or not the JSON type the
/// handler expects); otherwise the
/// handler's parameters are checked against the request: a route/query/header value that does not parse (100001),
/// a required one that is absent (100002, "missing"), a JSON body that is absent (400005).
/// </summary>
internal static class MinimalApiBindingErrors
{
    public static ApiError Classify(HttpContext? context, BadHttpRequestException? exception)
    {
        if (exception?.InnerException is JsonException json)
        {
            var names = FieldNameResolver.For(context);
            var field = names.Resolve(json.Path);
            return new ApiError { Kind = ErrorKind.RequestBodyInvalid, Fields = [BindingFailures.Invalid(field, json, names)], Exception = exception };
        }

        var endpoint = context?.GetEndpoint();
        if (context is null || exception?.InnerException is not null || endpoint?.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return new ApiError { Kind = ErrorKind.RequestBodyInvalid, Exception = exception };
        }

        List<FieldError>? invalid = null;
        List<FieldError>? missing = null;
        var routeParameters = (endpoint as RouteEndpoint)?.RoutePattern.Parameters;
        foreach (var parameter in method.GetParameters())
        {
            if (ValueSource(parameter, routeParameters, out var name) is not { } source)
            {
                continue;
            }

            var values = source switch
            {
                Source.Route => context.Request.RouteValues.TryGetValue(name, out var routeValue) && routeValue is not null
                    ? new StringValues(Convert.ToString(routeValue, CultureInfo.InvariantCulture))
                    : StringValues.Empty,
                Source.Header => context.Request.Headers[name],
                _ => context.Request.Query[name],
            };

            if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0]) && parameter.ParameterType != typeof(string)))
            {
                if (IsRequired(parameter))
                {
                    (missing ??= []).Add(new FieldError(name, $"The {name} parameter is required.", isMissing: true));
                }

                continue;
            }

            if (CanParse(parameter.ParameterType, values) == false)
            {
                (invalid ??= []).Add(BindingFailures.Invalid(name));
            }
        }

        if (invalid is not null)
        {
            return new ApiError { Kind = ErrorKind.RequestBodyInvalid, Fields = invalid, Exception = exception };
        }

        if (missing is not null)
        {
            return new ApiError { Kind = ErrorKind.ValidationFailed, Fields = missing, Exception = exception };
        }

        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null && !BindingFailures.HasBody(context.Request))
        {
            return new ApiError { Kind = ErrorKind.RequestBodyMissing, Exception = exception };
        }

        return new ApiError { Kind = ErrorKind.RequestBodyInvalid, Exception = exception };
    }

    private enum Source
    {
        Route,
        Query,
        Header,
    }

    private static Source? ValueSource(ParameterInfo parameter, IReadOnlyList<Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart>? routeParameters, out string name)
    {
        name = parameter.Name ?? string.Empty;
        foreach (var attribute in parameter.GetCustomAttributes(inherit: false))
        {
            switch (attribute)
            {
                case IFromRouteMetadata route:
                    name = route.Name ?? name;
                    return Source.Route;
                case IFromQueryMetadata query:
                    name = query.Name ?? name;
                    return Source.Query;
                case IFromHeaderMetadata header:
                    name = header.Name ?? name;
                    return Source.Header;
                case IFromBodyMetadata or IFromFormMetadata or IFromServiceMetadata:
                    return null;
            }
        }

        if (name.Length == 0 || CanParse(parameter.ParameterType, StringValues.Empty) is null)
        {
            // Not a simple value: a body, a service, the HttpContext, [AsParameters]...
            return null;
        }

        if (routeParameters is not null)
        {
            foreach (var part in routeParameters)
            {
                if (string.Equals(part.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return Source.Route;
                }
            }
        }

        return Source.Query;
    }

    private static bool IsRequired(ParameterInfo parameter)
    {
        if (parameter.HasDefaultValue || Nullable.GetUnderlyingType(parameter.ParameterType) is not null)
        {
            return false;
        }

        if (parameter.ParameterType.IsValueType)
        {
            return true;
        }

        return new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.Nullable;
    }

    /// <summary>Whether every value parses as <paramref name="type"/>; <see langword="null"/> when the type is not a simple value this check knows.</summary>
    private static bool? CanParse(Type type, StringValues values)
    {
        var elementType = type.IsArray ? type.GetElementType()! : type;
        elementType = Nullable.GetUnderlyingType(elementType) ?? elementType;
        if (!IsKnown(elementType))
        {
            return null;
        }

        foreach (var value in values)
        {
            if (!TryParse(elementType, value ?? string.Empty))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKnown(Type type) => type.IsEnum || type == typeof(string) || type == typeof(char) || type == typeof(bool)
        || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(float) || type == typeof(double)
        || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static bool TryParse(Type type, string value)
    {
        var culture = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type.IsEnum => Enum.TryParse(type, value, ignoreCase: true, out _),
            _ when type == typeof(string) => true,
            _ when type == typeof(char) => value.Length == 1,
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(short) => short.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(byte) => byte.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(sbyte) => sbyte.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(uint) => uint.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(ulong) => ulong.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(ushort) => ushort.TryParse(value, NumberStyles.Integer, culture, out _),
            _ when type == typeof(float) => float.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, culture, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, culture, out _),
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, culture, out _),
            _ when type == typeof(Guid) => Guid.TryParse(value, out _),
            _ when type == typeof(DateTime) => DateTime.TryParse(value, culture, DateTimeStyles.None, out _),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(value, culture, DateTimeStyles.None, out _),
            _ when type == typeof(DateOnly) => DateOnly.TryParse(value, culture, DateTimeStyles.None, out _),
            _ when type == typeof(TimeOnly) => TimeOnly.TryParse(value, culture, DateTimeStyles.None, out _),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, culture, out _),
            _ => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
        };
    }
}
