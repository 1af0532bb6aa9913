using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware;

/// <summary>Wraps the binder another provider creates in a <see cref="RecordingModelBinder"/>.</summary>
internal sealed class RecordingModelBinderProvider(IModelBinderProvider inner) : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        inner.GetBinder(context) is { } binder ? new RecordingModelBinder(binder) : null;
}
