using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Concurrency;

/// <summary>An API and database of their own, so global ledger invariants can be checked exactly.</summary>
public sealed class ConcurrencyFactory : ApiFactory;

[CollectionDefinition(Name)]
public sealed class ConcurrencyCollection : ICollectionFixture<ConcurrencyFactory>
{
    public const string Name = "concurrency";
}
