using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>Adds ErrorMiddleware to the request pipeline.</summary>
public static class ApiErrorsApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the middleware that turns every exception below it, and every body-less 4xx/5xx response, into the
    /// documented error of the active dialect. Call it first, so that it sees every failure.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddApiErrors()</c> was not called.</exception>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        if (services.GetService<ApiErrorsMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()' before building the application.");
        }

        var writer = services.GetRequiredService<ErrorResponseWriter>();
        var handler = services.GetRequiredService<ApiErrorsExceptionHandler>();
        var exceptions = services.GetRequiredService<ExceptionHandlingMetrics>();
        var logger = services.GetRequiredService<ILogger<ErrorHandlingMiddleware>>();
        return app.Use(next => new ErrorHandlingMiddleware(next, writer, handler, exceptions, logger).InvokeAsync);
    }
}
