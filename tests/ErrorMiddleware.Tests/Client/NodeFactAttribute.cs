namespace ErrorMiddleware.Tests.Client;

/// <summary>A fact that is skipped, with the reason, only when <c>node</c> is not on the PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeTools.Find("node") is null)
        {
            Skip = "node is not installed (not on PATH): the OpenAI Node SDK client tests need Node 20 or later.";
        }
    }
}
