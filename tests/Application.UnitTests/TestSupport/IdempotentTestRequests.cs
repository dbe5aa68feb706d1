using System.Text.Json.Serialization;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>An idempotent command without a value, only for exercising the idempotency behaviour.</summary>
public sealed record SettleBookCommand(string Book, [property: JsonIgnore] string? IdempotencyKey) : ICommand, IIdempotentCommand;
