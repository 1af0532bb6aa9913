namespace ErrorMiddleware;

/// <summary>
/// The members of a <c>ProblemDetails</c> the application chose (<c>type</c>, <c>title</c>, <c>instance</c>), kept by
/// <see cref="ApiError"/> and <see cref="ResolvedError"/> in one object that only such an error allocates: most errors
/// have none, and a field per member would add 8 bytes to every error. Immutable, with value equality, so that a
/// <see cref="ResolvedError"/> copied with <c>with</c> shares it safely and compares as before.
/// </summary>
internal sealed record ProblemMembers(string? Type, string? Title, string? Instance)
{
    /// <summary><paramref name="current"/> with <paramref name="type"/>; <see langword="null"/> when no member is left.</summary>
    public static ProblemMembers? WithType(ProblemMembers? current, string? type) =>
        Create(type, current?.Title, current?.Instance);

    /// <summary><paramref name="current"/> with <paramref name="title"/>; <see langword="null"/> when no member is left.</summary>
    public static ProblemMembers? WithTitle(ProblemMembers? current, string? title) =>
        Create(current?.Type, title, current?.Instance);

    /// <summary><paramref name="current"/> with <paramref name="instance"/>; <see langword="null"/> when no member is left.</summary>
    public static ProblemMembers? WithInstance(ProblemMembers? current, string? instance) =>
        Create(current?.Type, current?.Title, instance);

    private static ProblemMembers? Create(string? type, string? title, string? instance) =>
        type is null && title is null && instance is null ? null : new ProblemMembers(type, title, instance);
}
