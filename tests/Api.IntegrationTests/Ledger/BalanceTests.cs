using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class BalanceTests(ApiFactory factory)
{
    private static readonly string[] BalanceMembers = ["asset", "amount", "available", "updatedAt"];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Balances_ListTheBaseCurrencyAlways_AndEveryAssetEverPosted()
    {
        var user = await client.RegisterAndLoginAsync("balances");
        var account = await client.OpenAccountAsync(user, baseCurrency: "EUR");

        var fresh = await client.BalancesAsync(user, account);
        fresh.Count.ShouldBe(1);
        fresh[0]!.AsObject().Select(m => m.Key).ShouldBe(BalanceMembers, ignoreOrder: true);
        fresh[0]!.Str("asset").ShouldBe("EUR");
        fresh[0]!.Str("amount").ShouldBe("0.00");
        fresh[0]!.Str("available").ShouldBe("0.00");
        fresh[0]!.Str("updatedAt").ShouldEndWith("Z");

        var credit = await client.CreditAsync(user, account, "0.1", "BTC");
        await client.DebitAsync(user, account, "0.1", "BTC");

        var lines = await client.BalancesAsync(user, account);
        lines.Select(b => b.Line())
            .ShouldBe(["BTC=0.00000000/0.00000000", "EUR=0.00/0.00"], ignoreOrder: true);
        foreach (var line in lines)
        {
            line!.AsObject().Select(m => m.Key).ShouldBe(BalanceMembers, ignoreOrder: true);
        }

        lines.Single(b => b!.Str("asset") == "BTC")!.Time("updatedAt").ShouldBeGreaterThanOrEqualTo(credit.Time("createdAt"));
    }

    [Fact]
    public async Task BalancesAt_AnInstantBetweenTwoMovements_ShowsTheEarlierBalance_WithAvailableEqualToAmount()
    {
        var user = await client.RegisterAndLoginAsync("balances");
        var account = await client.OpenAccountAsync(user);
        var other = await client.OpenAccountAsync(user);
        var first = await client.CreditAsync(user, account, "100.00");
        await Task.Delay(20);
        var second = await client.CreditAsync(user, account, "50.00");
        await client.CreditAsync(user, account, "1", "BTC");
        await client.TransferAsync(user, account, other, "30.00", pending: true);

        var between = LedgerClient.Rfc3339(LedgerClient.Between(first.Time("createdAt"), second.Time("createdAt")));
        var atBetween = await client.BalancesAsync(user, account, $"?at={between}");
        atBetween.Select(b => b.Line()).ShouldBe(["USD=100.00/100.00"]);
        atBetween[0]!.AsObject().Select(m => m.Key).ShouldBe(BalanceMembers, ignoreOrder: true);

        var atFirst = await client.BalancesAsync(user, account, $"?at={first.Str("createdAt")}");
        atFirst.Select(b => b.AssetAmount()).ShouldBe(["USD=100.00"]);

        var now = LedgerClient.Rfc3339(DateTimeOffset.UtcNow.AddSeconds(1));
        var atNow = await client.BalancesAsync(user, account, $"?at={now}");
        // The pending 30 is a hold, not a posting: at an instant, available equals amount.
        atNow.Select(b => b.Line())
            .ShouldBe(["BTC=1.00000000/1.00000000", "USD=150.00/150.00"], ignoreOrder: true);
        (await client.LineOfAsync(user, account, "USD")).Str("available").ShouldBe("120.00");
    }

    [Fact]
    public async Task BalancesAt_WhileATransferWasPending_ShowsOnlyWhatWasPosted()
    {
        var user = await client.RegisterAndLoginAsync("balances");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user, baseCurrency: "EUR");
        await client.CreditAsync(user, from, "100.00");
        var pending = await client.TransferAsync(user, from, to, "40.00", pending: true);
        await Task.Delay(20);
        var posted = await (await client.PostTransferAsync(user, pending.Id())).ShouldBeAsync(200);
        var postedAt = (await client.LineOfAsync(user, to, "USD")).Time("updatedAt");

        var whilePending = LedgerClient.Rfc3339(LedgerClient.Between(pending.Time("createdAt"), postedAt));
        (await client.BalancesAsync(user, from, $"?at={whilePending}")).Select(b => b.Line()).ShouldBe(["USD=100.00/100.00"]);
        (await client.BalancesAsync(user, to, $"?at={whilePending}")).Select(b => b.Line()).ShouldBe(["EUR=0.00/0.00"]);

        var afterPosting = LedgerClient.Rfc3339(postedAt);
        (await client.BalancesAsync(user, from, $"?at={afterPosting}")).Select(b => b.Line()).ShouldBe(["USD=60.00/60.00"]);
        (await client.BalancesAsync(user, to, $"?at={afterPosting}")).Select(b => b.Line()).ShouldBe(["EUR=0.00/0.00", "USD=40.00/40.00"], ignoreOrder: true);
        posted.Str("status").ShouldBe("completed");
    }

    [Fact]
    public async Task BalancesAt_AnInstantWithAnOffset_MeansTheSameInstantAsInUtc()
    {
        var user = await client.RegisterAndLoginAsync("balances");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "7.00");

        var utc = await client.BalancesAsync(user, account, "?at=2030-01-01T00:00:00Z");
        var shifted = await client.BalancesAsync(user, account, $"?at={Uri.EscapeDataString("2030-01-01T02:00:00+02:00")}");

        shifted.Select(b => b.Line()).ShouldBe(utc.Select(b => b.Line()));
        shifted.Select(b => b.Line()).ShouldBe(["USD=7.00/7.00"]);
    }

    [Fact]
    public async Task History_WithOffsets_MeansTheSameInstantsAsInUtc()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "7.00");

        var utc = await HistoryAsync(user, account, "?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z");
        var shifted = await HistoryAsync(
            user, account, $"?from={Uri.EscapeDataString("2030-01-01T02:00:00+02:00")}&to={Uri.EscapeDataString("2030-01-02T02:00:00+02:00")}");

        shifted.Select(i => i.ToJsonString()).ShouldBe(utc.Select(i => i.ToJsonString()));
    }

    [Fact]
    public async Task BalancesAt_BeforeTheAccountExisted_IsZeroInTheBaseCurrency()
    {
        var user = await client.RegisterAndLoginAsync("balances");
        var account = await client.OpenAccountAsync(user, baseCurrency: "GBP");
        await client.CreditAsync(user, account, "100.00", "GBP");
        await client.CreditAsync(user, account, "1", "ETH");

        var lines = await client.BalancesAsync(user, account, "?at=2001-01-01T00:00:00Z");

        lines.Select(b => b.Line()).ShouldBe(["GBP=0.00/0.00"]);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("12345abc")]
    public async Task BalancesAt_AMalformedInstant_Returns400(string at)
    {
        var user = await client.RegisterAndLoginAsync("balances");
        var account = await client.OpenAccountAsync(user);

        await (await client.GetAsync($"/api/v1/accounts/{account}/balances?at={Uri.EscapeDataString(at)}", user.AccessToken)).ShouldBeValidationProblemAsync("at");
    }

    [Fact]
    public async Task History_ByDay_Defaults_To30DaysEndingToday_ZeroBeforeTheFirstPosting_AndEndsWithTheCurrentBalance()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");
        await client.DebitAsync(user, account, "25.50");

        var before = DateTimeOffset.UtcNow;
        var items = await HistoryAsync(user, account, string.Empty);
        var after = DateTimeOffset.UtcNow;

        items.Count.ShouldBe(30);
        ShouldBeConsecutive(items, TimeSpan.FromDays(1));
        items.ShouldAllBe(i => i.Time("at").TimeOfDay == TimeSpan.Zero);
        items[^1].Time("at").ShouldBeOneOf(StartOf(before, TimeSpan.FromDays(1)), StartOf(after, TimeSpan.FromDays(1)));
        items[^1].Str("amount").ShouldBe("74.50");
        var firstBucket = StartOf(credit.Time("createdAt"), TimeSpan.FromDays(1));
        items.Where(i => i.Time("at") < firstBucket).ShouldAllBe(i => i.Str("amount") == "0.00");
        items.Where(i => i.Time("at") < firstBucket).Count().ShouldBeGreaterThanOrEqualTo(28);
        foreach (var item in items)
        {
            item.AsObject().Select(m => m.Key).ShouldBe(["at", "amount"], ignoreOrder: true);
        }

        (await HistoryAsync(user, account, "?interval=day")).Select(i => i.ToJsonString()).ShouldBe(items.Select(i => i.ToJsonString()));
    }

    [Fact]
    public async Task History_ByHour_Returns30HoursOneHourApart_EndingWithTheCurrentBalance()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");
        await client.CreditAsync(user, account, "0.01");

        var before = DateTimeOffset.UtcNow;
        var items = await HistoryAsync(user, account, "?interval=hour");
        var after = DateTimeOffset.UtcNow;

        items.Count.ShouldBe(30);
        ShouldBeConsecutive(items, TimeSpan.FromHours(1));
        items.ShouldAllBe(i => i.Time("at").Minute == 0 && i.Time("at").Second == 0 && i.Time("at").Millisecond == 0);
        items[^1].Time("at").ShouldBeOneOf(StartOf(before, TimeSpan.FromHours(1)), StartOf(after, TimeSpan.FromHours(1)));
        items[^1].Str("amount").ShouldBe("100.01");
        var firstBucket = StartOf(credit.Time("createdAt"), TimeSpan.FromHours(1));
        items.Where(i => i.Time("at") < firstBucket).ShouldAllBe(i => i.Str("amount") == "0.00");
        items.Where(i => i.Time("at") >= firstBucket).Select(i => i.Str("amount")).Last().ShouldBe("100.01");
    }

    [Fact]
    public async Task History_WithAnExplicitRange_StartsAtTheIntervalOfFrom_AndStopsAtTo()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");
        await Task.Delay(20);
        var debit = await client.DebitAsync(user, account, "40.00");
        var to = LedgerClient.Between(credit.Time("createdAt"), debit.Time("createdAt"));
        var from = to.AddHours(-3);

        var items = await HistoryAsync(user, account, $"?interval=hour&from={LedgerClient.Rfc3339(from)}&to={LedgerClient.Rfc3339(to)}");

        // Buckets: the hour of `from` up to the hour of `to`, inclusive — four of them; the last one closes at `to`,
        // after the credit and before the debit.
        items.Count.ShouldBe(4);
        items[0].Time("at").ShouldBe(StartOf(from, TimeSpan.FromHours(1)));
        items[^1].Time("at").ShouldBe(StartOf(to, TimeSpan.FromHours(1)));
        ShouldBeConsecutive(items, TimeSpan.FromHours(1));
        items[^1].Str("amount").ShouldBe("100.00");

        var past = await HistoryAsync(user, account, "?interval=day&from=2024-01-01T00:00:00Z&to=2024-01-03T12:00:00Z");
        past.Select(i => i.Str("at")).ShouldBe(["2024-01-01T00:00:00.000000Z", "2024-01-02T00:00:00.000000Z", "2024-01-03T00:00:00.000000Z"]);
        past.ShouldAllBe(i => i.Str("amount") == "0.00");
    }

    [Fact]
    public async Task History_OfANonBaseAsset_UsesThatAssetsDecimals()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "0.5", "BTC");
        await client.CreditAsync(user, account, "9.99");

        var items = await HistoryAsync(user, account, "?asset=BTC&interval=hour");

        items.Count.ShouldBe(30);
        items[^1].Str("amount").ShouldBe("0.50000000");
        items[0].Str("amount").ShouldBe("0.00000000");
        (await HistoryAsync(user, account, "?asset=btc&interval=hour"))[^1].Str("amount").ShouldBe("0.50000000");
        (await HistoryAsync(user, account, "?asset=ETH"))[^1].Str("amount").ShouldBe("0.000000000000000000");
    }

    [Theory]
    [InlineData("interval", "?interval=week")]
    [InlineData("interval", "?interval=minute")]
    [InlineData("interval", "?interval=HOUR")]
    [InlineData("to", "?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z")]
    [InlineData("asset", "?asset=NOPE99")]
    [InlineData("from", "?from=not-a-date")]
    [InlineData("from", "?interval=hour&from=2000-01-01T00:00:00Z&to=2024-01-01T00:00:00Z")]
    [InlineData("to", "?to=2024-01-01T00:00:00Z&from=2024-01-01T00:00:00.000001Z")]
    public async Task History_WithABadParameter_Returns400NamingIt(string field, string query)
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);

        await (await client.GetAsync($"/api/v1/accounts/{account}/balances/history{query}", user.AccessToken)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task History_WithAFromAfterTheDefaultTo_Returns400()
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);

        // `to` defaults to now, so a `from` in the future is a range that ends before it starts.
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances/history?from=2999-01-01T00:00:00Z", user.AccessToken)).ShouldBeProblemAsync(400, "validation_failed");
    }

    [Theory]
    [InlineData("?interval=day&from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z", 2)]
    [InlineData("?interval=day&from=9999-12-30T00:00:00Z&to=9999-12-31T23:59:59.9999999Z", 2)]
    public async Task History_AtTheEdgesOfTime_AnswersPromptly(string query, int points)
    {
        var user = await client.RegisterAndLoginAsync("history");
        var account = await client.OpenAccountAsync(user);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/accounts/{account}/balances/history{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        var response = await client.SendAsync(request, timeout.Token);

        ((int)response.StatusCode).ShouldBeOneOf([200, 400], await response.Content.ReadAsStringAsync());
        if ((int)response.StatusCode == 200)
        {
            (await response.ShouldBeAsync(200))["items"]!.AsArray().Count.ShouldBe(points);
        }
    }

    [Fact]
    public async Task BalancesAndHistory_OfAnotherUsersAccount_Return404_AndAnAdminReadsThem()
    {
        var owner = await client.RegisterAndLoginAsync("history");
        var stranger = await client.RegisterAndLoginAsync("history");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(owner);
        await client.CreditAsync(owner, account, "12.34");

        await (await client.GetAsync($"/api/v1/accounts/{account}/balances", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances?at=2030-01-01T00:00:00Z", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");
        await (await client.GetAsync($"/api/v1/accounts/{account}/balances/history", stranger.AccessToken)).ShouldBeProblemAsync(404, "not_found");

        (await client.AmountOfAsync(admin, account)).ShouldBe("12.34");
        (await HistoryAsync(admin, account, string.Empty))[^1].Str("amount").ShouldBe("12.34");
    }

    private static DateTimeOffset StartOf(DateTimeOffset instant, TimeSpan interval)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % interval.Ticks), TimeSpan.Zero);
    }

    private static void ShouldBeConsecutive(List<JsonNode> items, TimeSpan interval)
    {
        for (var i = 1; i < items.Count; i++)
        {
            (items[i].Time("at") - items[i - 1].Time("at")).ShouldBe(interval, string.Create(CultureInfo.InvariantCulture, $"item {i}"));
        }
    }

    private async Task<List<JsonNode>> HistoryAsync(TestUser user, Guid account, string query)
    {
        var body = await (await client.GetAsync($"/api/v1/accounts/{account}/balances/history{query}", user.AccessToken)).ShouldBeAsync(200);
        body.AsObject().Select(m => m.Key).ShouldBe(["items"]);
        return [.. body["items"]!.AsArray().Select(i => i!)];
    }
}
