using System.Globalization;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Clients.CSharp.Tests.Generated;
using PortfolioTracker.Clients.CSharp.Tests.Infrastructure;

namespace PortfolioTracker.Clients.CSharp.Tests.Scenario;

/// <summary>
/// The NSwag-generated client (Generated/, from the OpenAPI document) proven against the API on a real PostgreSQL: the
/// same scenario as clients/typescript/scenario.ts, one behaviour per test, each with users of its own.
/// </summary>
public sealed class ClientScenarioTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task RegisterAndLogin_ReturnBearerTokensOfTheNewUser()
    {
        using var session = new ApiSession(factory);

        var user = await session.Client.RegisterUserAsync(
            new RegisterRequest { Username = $"cs_{session.Suffix}", Email = session.Email, Password = ApiSession.Password });
        var pair = await session.Client.LoginAsync(new LoginRequest { Email = session.Email.ToUpperInvariant(), Password = ApiSession.Password });
        session.Recorder.AccessToken = pair.AccessToken;
        var me = await session.Client.GetCurrentUserAsync();

        session.Recorder.LastStatus.ShouldBe(200);
        user.Email.ShouldBe(session.Email);
        user.Role.ShouldBe(UserRole.User);
        pair.TokenType.ShouldBe(TokenPairTokenType.Bearer);
        pair.ExpiresIn.ShouldBeGreaterThan(0);
        pair.User.Id.ShouldBe(user.Id);
        me.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_IsATypedInvalidCredentialsProblem()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();

        var refused = await Should.ThrowAsync<ApiException<Problem>>(
            () => session.Client.LoginAsync(new LoginRequest { Email = session.Email, Password = "Wr0ngPassword" }));

        refused.ShouldBeProblem(401, "invalid_credentials");
    }

    [Fact]
    public async Task OpenAccount_AnswersCreatedWithLocation_AndADuplicateNameIsATypedConflict()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();

        var account = await session.OpenAccountAsync("Main");
        var location = session.Recorder.LastHeader("Location");
        var duplicate = await Should.ThrowAsync<ApiException<Problem>>(() => session.OpenAccountAsync("MAIN"));

        session.Recorder.LastStatus.ShouldBe(409);
        location.ShouldNotBeNull().ShouldEndWith($"/api/v1/accounts/{account.Id}");
        account.BaseCurrency.ShouldBe("USD");
        account.Status.ShouldBe(AccountStatus.Open);
        duplicate.ShouldBeProblem(409, "account_name_taken").Errors.ShouldBeNull();
    }

    [Fact]
    public async Task Transfer_ReplayedWithTheSameIdempotencyKey_AnswersTheSameTransaction_AndMovesMoneyOnce()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();
        var main = await session.OpenAccountAsync("Main");
        var savings = await session.OpenAccountAsync("Savings");
        await session.CreditAsync(main, "100");
        var key = $"transfer-{session.Suffix}";
        TransferRequest Body(string amount) =>
            new() { FromAccountId = main.Id, ToAccountId = savings.Id, Asset = "USD", Amount = amount, Description = "to savings" };

        var first = await session.Client.CreateTransferAsync(Body("25.50"), key);
        var firstReplayed = session.Recorder.LastHeader("Idempotent-Replayed");
        var second = await session.Client.CreateTransferAsync(Body("25.50"), key);
        var secondStatus = session.Recorder.LastStatus;
        var secondReplayed = session.Recorder.LastHeader("Idempotent-Replayed");
        var reused = await Should.ThrowAsync<ApiException>(() => session.Client.CreateTransferAsync(Body("1.00"), key));

        firstReplayed.ShouldBeNull();
        secondStatus.ShouldBe(201);
        secondReplayed.ShouldBe("true");
        second.Id.ShouldBe(first.Id);
        second.Postings.Select(p => (p.AccountId, p.Amount, p.BalanceAfter))
            .ShouldBe(first.Postings.Select(p => (p.AccountId, p.Amount, p.BalanceAfter)));
        first.Postings.Single(p => p.AccountId == main.Id).Amount.ShouldBe("-25.50");
        reused.ShouldBeProblem(409, "idempotency_key_reused");
        Usd(await session.Client.GetBalancesAsync(main.Id)).ShouldBe(("74.50", "74.50"));
        Usd(await session.Client.GetBalancesAsync(savings.Id)).ShouldBe(("25.50", "25.50"));
    }

    [Fact]
    public async Task Transfer_BeyondTheBalance_IsAnInsufficientFundsProblem_AndChangesNothing()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();
        var main = await session.OpenAccountAsync("Main");
        var savings = await session.OpenAccountAsync("Savings");
        await session.CreditAsync(main, "10.00");

        var refused = await Should.ThrowAsync<ApiException>(() => session.Client.CreateTransferAsync(
            new TransferRequest { FromAccountId = main.Id, ToAccountId = savings.Id, Asset = "USD", Amount = "1000.00" }));

        refused.ShouldBeProblem(422, "insufficient_funds").Detail.ShouldNotBeNullOrWhiteSpace();
        Usd(await session.Client.GetBalancesAsync(main.Id)).ShouldBe(("10.00", "10.00"));
    }

    [Fact]
    public async Task Credit_WithMoreDecimalsThanTheAsset_IsAValidationProblemNamingTheField()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();
        var main = await session.OpenAccountAsync("Main");

        var refused = await Should.ThrowAsync<ApiException>(() => session.CreditAsync(main, "1.001"));

        refused.ShouldBeProblem(400, "validation_failed").Errors.ShouldNotBeNull().ShouldContainKey("amount");
    }

    [Fact]
    public async Task Transactions_FollowingNextCursor_ListEveryTransactionOnce_NewestFirst()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();
        var main = await session.OpenAccountAsync("Main");
        var savings = await session.OpenAccountAsync("Savings");
        await session.CreditAsync(main, "100.00");
        await session.Client.CreateTransferAsync(new TransferRequest { FromAccountId = main.Id, ToAccountId = savings.Id, Asset = "USD", Amount = "25.50" });
        for (var i = 1; i <= 5; i++)
        {
            await session.CreditAsync(main, $"{i}.00");
        }

        var seen = new List<Transaction>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await session.Client.ListTransactionsAsync(accountId: main.Id, limit: 3, cursor: cursor);
            page.Items.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
            pages.ShouldBeLessThanOrEqualTo(10, "the cursor ends");
        }
        while (cursor is not null);
        var malformed = await Should.ThrowAsync<ApiException>(() => session.Client.ListTransactionsAsync(cursor: "not-a-cursor"));
        var tooMany = await Should.ThrowAsync<ApiException>(() => session.Client.ListTransactionsAsync(limit: 201));

        pages.ShouldBe(3);
        seen.Count.ShouldBe(7);
        seen.Select(t => t.Id).Distinct().Count().ShouldBe(7);
        seen.Select(t => t.CreatedAt).ShouldBeInOrder(SortDirection.Descending, "newest first");
        seen.Last().Type.ShouldBe(TransactionType.Credit);
        malformed.ShouldBeProblem(400, "validation_failed");
        tooMany.ShouldBeProblem(400, "validation_failed");
    }

    [Fact]
    public async Task Portfolio_InUsd_RoundsToCents_AndItsTotalIsTheSumOfTheHoldings()
    {
        using var session = new ApiSession(factory);
        await session.RegisterAndLoginAsync();
        var main = await session.OpenAccountAsync("Main");
        await session.CreditAsync(main, "115.00");
        await session.CreditAsync(main, "0.01", "BTC", price: "60000.00");

        var portfolio = await session.Client.GetPortfolioAsync(quote: "USD");

        portfolio.Quote.ShouldBe("USD");
        var btc = portfolio.Holdings.Single(h => h.Asset == "BTC");
        btc.Quantity.ShouldBe("0.01000000");
        btc.AverageCost.ShouldBe("60000.00");
        btc.CostBasis.ShouldBe("600.00");
        btc.Error.ShouldBeNull();
        btc.Price.ShouldNotBeNull();
        var usd = portfolio.Holdings.Single(h => h.Asset == "USD");
        usd.Quantity.ShouldBe("115.00");
        usd.Value.ShouldBe("115.00");
        foreach (var holding in portfolio.Holdings)
        {
            holding.Value.ShouldNotBeNull().ShouldMatch(@"^\d+\.\d{2}$");
        }

        var total = portfolio.Holdings.Sum(h => decimal.Parse(h.Value!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        portfolio.TotalValue.ShouldBe(total.ToString("0.00", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RefreshToken_Rotates_AndReusingASpentOneRevokesTheSession()
    {
        using var session = new ApiSession(factory);
        var pair = await session.RegisterAndLoginAsync();

        var rotated = await session.Client.RefreshTokenAsync(new RefreshTokenRequest { RefreshToken = pair.RefreshToken });
        session.Recorder.AccessToken = rotated.AccessToken;
        var me = await session.Client.GetCurrentUserAsync();
        var reused = await Should.ThrowAsync<ApiException<Problem>>(
            () => session.Client.RefreshTokenAsync(new RefreshTokenRequest { RefreshToken = pair.RefreshToken }));
        var revoked = await Should.ThrowAsync<ApiException<Problem>>(
            () => session.Client.RefreshTokenAsync(new RefreshTokenRequest { RefreshToken = rotated.RefreshToken }));

        rotated.RefreshToken.ShouldNotBe(pair.RefreshToken);
        me.Id.ShouldBe(pair.User.Id);
        reused.ShouldBeProblem(401, "refresh_token_reused");
        revoked.ShouldBeProblem(401, "invalid_refresh_token");
    }

    [Fact]
    public async Task WithoutAToken_EveryCallIsATypedUnauthorizedProblem()
    {
        using var session = new ApiSession(factory);

        var refused = await Should.ThrowAsync<ApiException<Problem>>(() => session.Client.ListAccountsAsync());

        refused.ShouldBeProblem(401, "unauthorized");
    }

    private static (string Amount, string Available) Usd(BalanceList balances)
    {
        var usd = balances.Items.Single(b => b.Asset == "USD");
        return (usd.Amount, usd.Available);
    }
}
