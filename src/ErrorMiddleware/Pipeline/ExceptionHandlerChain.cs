using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// The application's registered <see cref="IExceptionHandler"/>s, in registration order (the framework's order),
/// without the library's own <see cref="ApiErrorsExceptionHandler"/>: all of them, for <c>UseApiErrors()</c>, and those
/// registered after the library's, which the framework's <c>UseExceptionHandler()</c> has not run yet when it reaches
/// the library's handler. Read once, on the first exception: the handlers are resolved from the root provider, as
/// the framework's middleware resolves them.
/// </summary>
internal sealed class ExceptionHandlerChain
{
    private ExceptionHandlerChain(IExceptionHandler[] all, IExceptionHandler[] afterLibrary)
    {
        All = all;
        AfterLibrary = afterLibrary;
    }

    public static ExceptionHandlerChain Empty { get; } = new([], []);

    /// <summary>Every application handler, in registration order.</summary>
    public IExceptionHandler[] All { get; }

    /// <summary>The application handlers registered after the library's own handler.</summary>
    public IExceptionHandler[] AfterLibrary { get; }

    public static ExceptionHandlerChain From(IServiceProvider? services)
    {
        if (services?.GetService<IEnumerable<IExceptionHandler>>() is not { } handlers)
        {
            return Empty;
        }

        var registered = handlers.ToArray();
        var library = Array.FindIndex(registered, static h => h is ApiErrorsExceptionHandler);
        var all = registered.Where(static h => h is not ApiErrorsExceptionHandler).ToArray();
        var afterLibrary = library < 0 ? all : registered.Skip(library + 1).Where(static h => h is not ApiErrorsExceptionHandler).ToArray();
        return new ExceptionHandlerChain(all, afterLibrary);
    }
}
