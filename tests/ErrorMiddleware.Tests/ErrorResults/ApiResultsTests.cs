using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.ErrorResults;

/// <summary>The factories reject what the exceptions' constructors reject, and the results say what they are.</summary>
public sealed class ApiResultsTests
{
    [Theory]
    [InlineData(ErrorKind.None)]
    [InlineData(ErrorKind.ClientClosedRequest)]
    [InlineData(ErrorKind.ConnectionInterrupted)]
    [InlineData(ErrorKind.Custom)]
    public void Error_KindThatIsNotAnError_ThrowsLikeTheException(ErrorKind kind)
    {
        // Arrange
        var expected = Assert.Throws<ArgumentOutOfRangeException>(() => new ApiException(kind));

        // Act
        var actual = Assert.Throws<ArgumentOutOfRangeException>(() => ApiResults.Error(kind));

        // Assert
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal("kind", actual.ParamName);
    }

    [Fact]
    public void Error_RowThatIsNotAnError_ThrowsLikeTheException()
    {
        // Arrange
        var expected = Assert.Throws<ArgumentException>(() => new ApiException(ErrorCodes.Business.Success));

        // Act
        var actual = Assert.Throws<ArgumentException>(() => ApiResults.Error(ErrorCodes.Business.Success));

        // Assert
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal("code", actual.ParamName);
    }

    [Fact]
    public async Task Error_NullArguments_Throw()
    {
        // Act & Assert
        Assert.Throws<ArgumentNullException>("code", () => ApiResults.Error((ErrorCode)null!));
        Assert.Throws<ArgumentNullException>("fields", () => ApiResults.ValidationFailed((IReadOnlyList<FieldError>)null!));
        await Assert.ThrowsAsync<ArgumentNullException>("httpContext", () => ApiResults.QuotaExceeded().ExecuteAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("context", () => ApiResults.QuotaExceeded().ExecuteResultAsync(null!));
    }

    [Fact]
    public void StatusCode_RowDecidesIt_KindLeavesItToTheDialect()
    {
        // Act
        var row = ApiResults.Error(ErrorCodes.Wanqing.InsufficientBalance);
        var kind = ApiResults.QuotaExceeded();

        // Assert
        Assert.Equal(403, row.StatusCode);
        Assert.Equal(ErrorKind.QuotaExceeded, row.Kind);
        Assert.Same(ErrorCodes.Wanqing.InsufficientBalance, row.Code);
        Assert.Null(kind.StatusCode);
        Assert.Null(kind.Code);
    }

    [Fact]
    public void Factories_CarryWhatTheExceptionCarries()
    {
        // Arrange
        var fields = new[] { new FieldError("name", "'name' is required.", isMissing: true) };
        var details = new Dictionary<string, object?> { ["order_id"] = 42 };

        // Act
        var validation = ApiResults.ValidationFailed(fields, "Fix it.");
        var single = ApiResults.ValidationFailed("name", "'name' is too long.");
        var limited = ApiResults.RateLimitExceeded(TimeSpan.FromSeconds(3), "Slow down.");
        var upstream = ApiResults.Error(ErrorKind.UpstreamError, "Down.", details);

        // Assert
        Assert.Equal((ErrorKind.ValidationFailed, "Fix it."), (validation.Kind, validation.Message));
        Assert.Same(fields, validation.Fields);
        Assert.Equal("name: 'name' is too long.", Assert.Single(single.Fields).ToString());
        Assert.Equal((ErrorKind.RateLimited, TimeSpan.FromSeconds(3), "Slow down."), (limited.Kind, limited.RetryAfter, limited.Message));
        Assert.Same(details, upstream.Details);
        Assert.Empty(upstream.Fields);
        Assert.Equal(ErrorKind.NotFound, ApiResults.ResourceNotFound().Kind);
        Assert.Equal(ErrorKind.Forbidden, ApiResults.AccessDenied().Kind);
    }

    [Fact]
    public void Factories_WithoutArguments_ReturnOneSharedInstance_WithArgumentsANewOne()
    {
        // Act & Assert
        Assert.Same(ApiResults.QuotaExceeded(), ApiResults.QuotaExceeded());
        Assert.Same(ApiResults.RateLimitExceeded(), ApiResults.RateLimitExceeded());
        Assert.Same(ApiResults.ResourceNotFound(), ApiResults.ResourceNotFound());
        Assert.Same(ApiResults.AccessDenied(), ApiResults.AccessDenied());
        Assert.Equal("Gone.", ApiResults.ResourceNotFound("Gone.").Message);
        Assert.Null(ApiResults.ResourceNotFound().Message);
        Assert.Equal(TimeSpan.FromSeconds(1), ApiResults.RateLimitExceeded(TimeSpan.FromSeconds(1)).RetryAfter);
        Assert.Null(ApiResults.RateLimitExceeded().RetryAfter);
    }

    [Fact]
    public async Task ExecuteAsync_WithoutAddApiErrors_ThrowsAClearError()
    {
        // Arrange
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };

        // Act
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiResults.QuotaExceeded().ExecuteAsync(context));

        // Assert
        Assert.Contains("AddApiErrors()", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedResult_FitsAResultsUnion()
    {
        // Act
        Results<Ok<string>, ApiErrorHttpResult> anyError = ApiResults.QuotaExceeded();
        Results<Ok<string>, QuotaExceededHttpResult> quota = ApiResults.QuotaExceeded();

        // Assert
        Assert.IsType<QuotaExceededHttpResult>(anyError.Result);
        Assert.IsType<QuotaExceededHttpResult>(quota.Result);
    }
}
