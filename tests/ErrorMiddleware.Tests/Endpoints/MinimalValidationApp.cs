using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Endpoints;

/// <summary>Minimal endpoints with and without <c>WithApiValidation()</c>; counts handler runs.</summary>
internal sealed class MinimalValidationApp
{
    private int _handlerRuns;

    public int HandlerRuns => Volatile.Read(ref _handlerRuns);

    public static async Task<(TestAppHandle App, MinimalValidationApp State)> StartAsync(ErrorDialect dialect, string environment = "Production")
    {
        var state = new MinimalValidationApp();
        var app = await TestApp.StartAsync(
            state.Map,
            options => options.Dialect = dialect,
            services => services.AddTestValidators(),
            environment);
        return (app, state);
    }

    private void Map(WebApplication app)
    {
        var validated = app.MapGroup("/validated").WithApiValidation();
        validated.MapPost("/tasks", (CreateTaskRequest request) => Run(new { request.Prompt }));
        validated.MapPost("/strict", (StrictRequest request) => Run(new { request.Title }));

        // Carries the library's filter factory, which finds nothing to validate and returns next unchanged.
        app.MapGet("/filtered/items/{id}", (int id) => Run(new { id })).WithApiValidation();

        app.MapPost("/unvalidated/tasks", (CreateTaskRequest request) => Run(new { request.Prompt }));
        app.MapGet("/items/{id}", (int id) => Run(new { id }));
        app.MapGet("/search", (int page, string q, [FromHeader(Name = "X-Tenant")] Guid? tenant) => Run(new { page, q, tenant }));
        app.MapPost("/thrown", async (CreateTaskRequest request, IValidator<CreateTaskRequest> validator) =>
        {
            await validator.ValidateAndThrowAsync(request);
            return Run(new { request.Prompt });
        });
    }

    private IResult Run(object value)
    {
        Interlocked.Increment(ref _handlerRuns);
        return Results.Ok(value);
    }
}
