namespace SampleApi.Infrastructure;

/// <summary>The names the sample's policies are registered under, and its fixed numbers.</summary>
internal static class SamplePolicies
{
    /// <summary>Rate limiting: one fixed window per API key, its size from the key's account.</summary>
    public const string PerKey = "per-key";

    /// <summary>Rate limiting: the fake GPU's concurrency limiter, marked as server overload.</summary>
    public const string Gpu = "gpu";

    /// <summary>Authorization: the key's account is an administrator.</summary>
    public const string Admin = "Admin";

    /// <summary>Request timeout of a long poll.</summary>
    public const string LongPoll = "long-poll";

    /// <summary>Request timeout of one inference.</summary>
    public const string Inference = "inference";

    /// <summary>The HttpClient of the storage service.</summary>
    public const string StorageClient = "storage";

    /// <summary>The HttpClient of the embeddings service.</summary>
    public const string EmbeddingsClient = "embeddings";

    /// <summary>What creating a task or a chat completion costs.</summary>
    public const long RequestCost = 10;

    /// <summary>The largest attachment or file, in bytes.</summary>
    public const long MaxAttachmentBytes = 256;
}
