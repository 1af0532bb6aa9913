namespace ErrorMiddleware.Tests.Composition;

/// <summary>The exception <see cref="TeapotHandler"/> answers.</summary>
public sealed class TeapotException : Exception
{
    public TeapotException()
        : base("short and stout")
    {
    }
}
