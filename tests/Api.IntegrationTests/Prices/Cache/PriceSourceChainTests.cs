using Microsoft.Extensions.Logging.Abstractions;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Infrastructure.Prices;

namespace PortfolioTracker.Api.IntegrationTests.Prices.Cache;

/// <summary>The providers in order: the next is asked while the ones before fail; the first decides which ids exist.</summary>
public sealed class PriceSourceChainTests
{
    private readonly FakePriceSource primary = new("primary");
    private readonly FakePriceSource backup = new("backup");

    [Fact]
    public async Task GetPrices_WhenThePrimaryAnswers_TheBackupIsNeverAsked_AndItsMissingIdsAreUnknown()
    {
        primary.With("bitcoin", 100m);
        backup.With("bitcoin", 101m).With("obscure", 1m);

        var answer = await Chain().GetPricesAsync(["bitcoin", "obscure"], "usd", CancellationToken.None);

        answer.Found.Select(f => (f.Quote.CoinId, f.Quote.Price, f.Source)).ShouldBe([("bitcoin", 100m, "primary")]);
        answer.Unknown.ShouldBe(["obscure"]);
        answer.Failed.ShouldBeEmpty();
        backup.PriceCalls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("unavailable")]
    [InlineData("not-supported")]
    [InlineData("http")]
    [InlineData("timed-out")]
    public async Task GetPrices_WhenThePrimaryFails_FallsBackToTheNext_WhichNamesItselfAsTheSource(string failure)
    {
        primary.With("bitcoin", 100m).Fail(failure switch
        {
            "unavailable" => () => new PriceSourceUnavailableException("down"),
            "not-supported" => () => new NotSupportedException("no such vs"),
            "http" => () => new HttpRequestException("connection refused"),
            _ => () => new TaskCanceledException("attempt timed out"),
        });
        backup.With("bitcoin", 101m).With("ethereum", 11m);

        var answer = await Chain().GetPricesAsync(["bitcoin", "ethereum", "obscure"], "usd", CancellationToken.None);

        answer.Found.Select(f => (f.Quote.CoinId, f.Quote.Price, f.Source)).ShouldBe([("bitcoin", 101m, "backup"), ("ethereum", 11m, "backup")], ignoreOrder: true);
        answer.Unknown.ShouldBeEmpty("only the primary is authoritative on which ids exist");
        answer.Failed.ShouldBe(["obscure"]);
        primary.PriceCalls.Count.ShouldBe(1);
        backup.PriceCalls.Count.ShouldBe(1);
        backup.PriceCalls[0].ShouldBe(["bitcoin", "ethereum", "obscure"], ignoreOrder: true);
    }

    [Fact]
    public async Task GetPrices_WhenEveryProviderFails_EveryCoinFailed()
    {
        primary.With("bitcoin", 1m).Fail();
        backup.With("bitcoin", 1m).Fail();

        var answer = await Chain().GetPricesAsync(["bitcoin", "ethereum"], "usd", CancellationToken.None);

        answer.Found.ShouldBeEmpty();
        answer.Unknown.ShouldBeEmpty();
        answer.Failed.ShouldBe(["bitcoin", "ethereum"], ignoreOrder: true);
    }

    [Fact]
    public async Task GetPrices_TheCallersOwnCancellation_IsNotAProviderFailure()
    {
        primary.With("bitcoin", 1m).Close();
        backup.With("bitcoin", 2m);
        using var cancellation = new CancellationTokenSource();

        var call = Chain().GetPricesAsync(["bitcoin"], "usd", cancellation.Token);
        await cancellation.CancelAsync();
        var thrown = await Record.ExceptionAsync(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        thrown.ShouldBeAssignableTo<OperationCanceledException>();
        backup.PriceCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetPrices_AnUnexpectedException_IsABug_AndIsNotSwallowed()
    {
        primary.With("bitcoin", 1m).Fail(() => new InvalidOperationException("bug"));
        backup.With("bitcoin", 2m);

        await Should.ThrowAsync<InvalidOperationException>(() => Chain().GetPricesAsync(["bitcoin"], "usd", CancellationToken.None));
        backup.PriceCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetMarkets_FallsBackWhenThePrimaryFails_AndIsNullWhenAllFail()
    {
        primary.With("bitcoin", 100m).Fail();
        backup.With("bitcoin", 101m).With("ethereum", 11m);

        var fromBackup = await Chain().GetMarketsAsync("usd", 10, CancellationToken.None);
        backup.Fail();
        var none = await Chain().GetMarketsAsync("usd", 10, CancellationToken.None);

        fromBackup.ShouldNotBeNull();
        fromBackup.Value.Source.ShouldBe("backup");
        fromBackup.Value.Quotes.Select(q => q.CoinId).ShouldBe(["bitcoin", "ethereum"]);
        none.ShouldBeNull();
        primary.MarketCalls.ShouldBe(2);
        backup.MarketCalls.ShouldBe(2);
    }

    [Fact]
    public async Task GetMarkets_WhenThePrimaryAnswers_TheBackupIsNotAsked()
    {
        primary.With("bitcoin", 100m);

        var answer = await Chain().GetMarketsAsync("usd", 10, CancellationToken.None);

        answer!.Value.Source.ShouldBe("primary");
        backup.MarketCalls.ShouldBe(0);
    }

    [Fact]
    public async Task GetHistory_ThePrimarysEmptyAnswerMeansUnknown_AndTheBackupIsNotAsked()
    {
        backup.WithHistory("obscure", new ProviderPricePoint(DateTimeOffset.UnixEpoch, 1m));

        var answer = await Chain().GetHistoryAsync("obscure", "usd", 7, CancellationToken.None);

        answer.ShouldNotBeNull();
        answer.Value.Points.ShouldBeEmpty();
        answer.Value.Source.ShouldBe("primary");
        backup.HistoryCalls.ShouldBe(0);
    }

    [Fact]
    public async Task GetHistory_FallsBackWhenThePrimaryFails_AndIsNullWhenNoProviderCanAnswer()
    {
        var point = new ProviderPricePoint(DateTimeOffset.UnixEpoch, 5m);
        primary.WithHistory("bitcoin", point).Fail();
        backup.WithHistory("bitcoin", point);

        var fromBackup = await Chain().GetHistoryAsync("bitcoin", "usd", 7, CancellationToken.None);
        var backupDoesNotKnow = await Chain().GetHistoryAsync("ethereum", "usd", 7, CancellationToken.None);
        backup.Fail();
        var none = await Chain().GetHistoryAsync("bitcoin", "usd", 7, CancellationToken.None);

        fromBackup!.Value.Source.ShouldBe("backup");
        fromBackup.Value.Points.ShouldBe([point]);
        backupDoesNotKnow.ShouldBeNull("a fallback's empty answer is not authoritative: the history is unavailable, not unknown");
        none.ShouldBeNull();
    }

    [Fact]
    public void Order_TheSimulationHasNoFallback_OthersFallBackToBinanceByDefault()
    {
        var options = new PricesOptions { Provider = "Simulated" };
        options.Fallbacks.Add("Binance");

        PriceSources.Order(options).ShouldBe(["Simulated"]);
        PriceSources.Order(new PricesOptions { Provider = "CoinGecko" }).ShouldBe(["CoinGecko", "Binance"]);
    }

    private PriceSourceChain Chain() =>
        new([() => primary, () => backup], NullLogger<PriceSourceChain>.Instance);
}
