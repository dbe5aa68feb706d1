namespace PortfolioTracker.Application.Accounts;

/// <summary>One asset's balance: <c>amount</c> posted, <c>available</c> after outgoing pending holds.</summary>
public sealed record BalanceDto(string Asset, string Amount, string Available, DateTimeOffset UpdatedAt);

/// <summary>The closing balance of the interval starting at <c>at</c>.</summary>
public sealed record BalancePointDto(DateTimeOffset At, string Amount);
