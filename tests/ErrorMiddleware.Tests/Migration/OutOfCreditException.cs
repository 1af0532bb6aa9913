namespace ErrorMiddleware.Tests.Migration;

/// <summary>An application exception of the migration examples (docs/migrating.md): an account ran out of credit.</summary>
public sealed class OutOfCreditException(decimal balance) : Exception($"The balance is {balance}.")
{
    public decimal Balance { get; } = balance;
}
