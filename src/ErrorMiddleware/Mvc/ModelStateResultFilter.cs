using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ErrorMiddleware;

/// <summary>
/// An action that handles model state itself and returns <c>BadRequest(ModelState)</c> or <c>ValidationProblem()</c>
/// is answered from the model state, not from its serialized copy, so that binding errors stay 100001 / 400005 and
/// <c>[Required]</c> stays "missing". Runs before <see cref="ErrorResultFilter"/> (order 1), which then leaves the result alone.
/// </summary>
internal sealed class ModelStateResultFilter : IAlwaysRunResultFilter, IOrderedFilter
{
    public int Order => 0;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.ModelState.IsValid
            || context.Result is not ObjectResult { Value: SerializableError or ValidationProblemDetails } result
            || (result.StatusCode ?? (result.Value as ProblemDetails)?.Status ?? StatusCodes.Status400BadRequest) != StatusCodes.Status400BadRequest)
        {
            return;
        }

        var error = ModelStateErrors.ToApiError(context);
        context.Result = new ApiErrorHttpResult(result.Value is ValidationProblemDetails problem ? ProblemDetailsConversion.WithProblem(error, problem) : error);
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
