using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Quota;

public sealed class InMemoryQuotaServiceTests
{
    [Fact]
    public async Task Commit_WithResourcePack_TakesPackFirst()
    {
        // Arrange
        var service = new InMemoryQuotaService().SetBalance("a", balance: 10, resourcePack: 4);
        var frozen = await service.FreezeAsync(Context("a", 6), CancellationToken.None);

        // Act
        await service.CommitAsync(frozen.Reservation!, CancellationToken.None);

        // Assert
        Assert.Equal(QuotaFreezeStatus.Frozen, frozen.Status);
        Assert.Equal(8, service.GetTotal("a"));
        var rest = await service.FreezeAsync(Context("a", 9), CancellationToken.None);
        Assert.Equal(QuotaFreezeStatus.InsufficientBalance, rest.Status);
    }

    [Fact]
    public async Task Freeze_OnlyResourcePack_Succeeds()
    {
        // Arrange
        var service = new InMemoryQuotaService().SetBalance("a", balance: 0, resourcePack: 2);

        // Act
        var result = await service.FreezeAsync(Context("a", 2), CancellationToken.None);

        // Assert
        Assert.Equal(QuotaFreezeStatus.Frozen, result.Status);
        Assert.Equal(0, service.GetAvailable("a"));
        Assert.Equal(2, service.GetTotal("a"));
    }

    [Fact]
    public async Task Freeze_UnknownAccount_IsNoBalance()
    {
        // Arrange
        var service = new InMemoryQuotaService();

        // Act
        var result = await service.FreezeAsync(Context("nobody", 1), CancellationToken.None);

        // Assert
        Assert.Equal(QuotaFreezeStatus.NoBalance, result.Status);
        Assert.Null(result.Reservation);
    }

    [Fact]
    public async Task Freeze_AllFrozenByOthers_IsInsufficientNotNoBalance()
    {
        // Arrange
        var service = new InMemoryQuotaService().SetBalance("a", 3);
        await service.FreezeAsync(Context("a", 3), CancellationToken.None);

        // Act
        var result = await service.FreezeAsync(Context("a", 1), CancellationToken.None);

        // Assert
        Assert.Equal(QuotaFreezeStatus.InsufficientBalance, result.Status);
    }

    [Fact]
    public async Task Settle_Twice_Throws()
    {
        // Arrange
        var service = new InMemoryQuotaService().SetBalance("a", 3);
        var reservation = (await service.FreezeAsync(Context("a", 1), CancellationToken.None)).Reservation!;
        await service.ReleaseAsync(reservation, CancellationToken.None);

        // Act
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await service.CommitAsync(reservation, CancellationToken.None));

        // Assert
        Assert.Contains(reservation.Id, exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, service.GetTotal("a"));
        Assert.Equal(3, service.GetAvailable("a"));
    }

    [Fact]
    public async Task Freeze_ManyThreads_NeverOverdraws()
    {
        // Arrange
        var service = new InMemoryQuotaService().SetBalance("a", 100);
        var frozen = 0;

        // Act
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var result = await service.FreezeAsync(Context("a", 1), CancellationToken.None);
                if (result.Reservation is { } reservation)
                {
                    Interlocked.Increment(ref frozen);
                    await service.CommitAsync(reservation, CancellationToken.None);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(100, frozen);
        Assert.Equal(0, service.GetTotal("a"));
    }

    [Fact]
    public void Attribute_IsQuotaCostMetadata_SoOpenApiDocumentsTheQuotaError()
    {
        // Act
        var metadata = Assert.IsAssignableFrom<IQuotaCostMetadata>(new RequireQuotaAttribute(7));

        // Assert
        Assert.Equal(7, metadata.Cost);
    }

    [Fact]
    public void Attribute_CostBelowOne_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequireQuotaAttribute(0));
    }

    private static QuotaFreezeContext Context(string account, long cost) =>
        new() { HttpContext = new DefaultHttpContext(), AccountId = account, Cost = cost, Action = "/test" };
}
