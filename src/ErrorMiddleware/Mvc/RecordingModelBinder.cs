using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware;

/// <summary>
/// Runs a model binder and records the model-state errors it added in the request's <see cref="ModelErrorOrigins"/>
/// (they are binding errors). On the success path it only compares error counts; a binder that completes
/// asynchronously (the body binder) costs one more await.
/// </summary>
internal sealed class RecordingModelBinder(IModelBinder inner) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var errorsBefore = bindingContext.ModelState.ErrorCount;
        if (errorsBefore != 0)
        {
            ModelErrorOrigins.Of(bindingContext.HttpContext).Observe(bindingContext.ModelState);
        }

        var binding = inner.BindModelAsync(bindingContext);
        if (binding.IsCompletedSuccessfully)
        {
            Record(bindingContext, errorsBefore);
            return Task.CompletedTask;
        }

        return AwaitAndRecordAsync(binding, bindingContext, errorsBefore);
    }

    private static async Task AwaitAndRecordAsync(Task binding, ModelBindingContext bindingContext, int errorsBefore)
    {
        await binding.ConfigureAwait(false);
        Record(bindingContext, errorsBefore);
    }

    private static void Record(ModelBindingContext bindingContext, int errorsBefore)
    {
        if (bindingContext.ModelState.ErrorCount > errorsBefore)
        {
            ModelErrorOrigins.Of(bindingContext.HttpContext).RecordBinding(bindingContext);
        }

        if (!bindingContext.Result.IsModelSet && bindingContext.IsTopLevelObject && bindingContext.ModelMetadata.IsBindingRequired)
        {
            // ParameterBinder adds the [BindRequired] error of a parameter itself, after its binder returned, under
            // the field name (ASP.NET Core 10's ParameterBinder.EnforceBindRequiredAndValidate).
            ModelErrorOrigins.Of(bindingContext.HttpContext).ExpectBindRequired(bindingContext.FieldName);
        }
    }
}
