namespace ErrorMiddleware.Tests.Migration;

/// <summary>An application exception of the migration examples (docs/migrating.md): an order is being edited elsewhere.</summary>
public sealed class OrderLockedException(int orderId) : Exception($"Order {orderId} is locked.")
{
    public int OrderId { get; } = orderId;
}
