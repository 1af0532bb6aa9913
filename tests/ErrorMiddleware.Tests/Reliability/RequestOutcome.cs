namespace ErrorMiddleware.Tests.Reliability;

/// <summary>How a request ended, seen from in front of the whole pipeline.</summary>
internal sealed record RequestOutcome(string Path, int StatusCode, bool HasStarted, bool Aborted, Exception? Escaped);
