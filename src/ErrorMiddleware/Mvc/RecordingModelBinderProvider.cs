using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware;

/// <summary>Wraps the binder another provider creates in a <see cref="RecordingModelBinder"/>.</summary>
internal sealed class RecordingModelBinderProvider(IModelBinderProvider inner) : IModelBinderProvider
{
    public IModelBinderProvider Inner { get; } = inner;

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        Inner.GetBinder(context) is { } binder ? new RecordingModelBinder(binder) : null;
}
