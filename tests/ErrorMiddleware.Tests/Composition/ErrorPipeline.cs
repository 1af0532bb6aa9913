namespace ErrorMiddleware.Tests.Composition;

/// <summary>Where the framework's exception handler sits relative to <c>UseApiErrors()</c>.</summary>
public enum ErrorPipeline
{
    /// <summary><c>UseApiErrors()</c> only.</summary>
    ApiErrorsAlone,

    /// <summary><c>UseApiErrors()</c> then <c>UseExceptionHandler()</c>: the framework's handler catches first.</summary>
    ApiErrorsOutside,

    /// <summary><c>UseExceptionHandler()</c> then <c>UseApiErrors()</c> (the documented order): the library catches first.</summary>
    ExceptionHandlerOutside,

    /// <summary><c>UseExceptionHandler()</c> only (with <c>AddApiErrors()</c>): the library answers as its handler.</summary>
    ExceptionHandlerAlone,
}
