using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Concurrency;

/// <summary>Overdraft protection and deadlock freedom under real contention, proven by racing requests.</summary>
[Collection(ConcurrencyCollection.Name)]
public sealed class RaceTests(ConcurrencyFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task TwoHundredConcurrentDebitsOfOne_FromABalanceOfAHundred_SucceedExactlyAHundredTimes()
    {
        var user = await client.RegisterAndLoginAsync("racer");
        var account = await client.OpenAccountAsync(user, "race");
        await (await client.SendAsync(user, "/api/v1/transactions/credit", new { accountId = account, asset = "USD", amount = "100.00" })).ShouldBeAsync(201);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var debits = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await LedgerApi.ReadAsync(await client.SendAsync(user, "/api/v1/transactions/debit", new { accountId = account, asset = "USD", amount = "1.00" }));
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(debits);

        outcomes.Count(o => o.Status == 201).ShouldBe(100);
        outcomes.Where(o => o.Status != 201).ShouldAllBe(o => o.Status == 422 && o.Body!["code"]!.GetValue<string>() == "insufficient_funds");
        (await client.BalanceAsync(user, account, "USD")).ShouldBe(0.00m);
        await LedgerInvariants.ShouldAllHoldAsync(factory.ConnectionString);
    }

    [Fact]
    public async Task TransfersInOppositeDirections_RunConcurrently_WithoutDeadlockFailures()
    {
        var alice = await client.RegisterAndLoginAsync("alice");
        var bob = await client.RegisterAndLoginAsync("bob");
        var a = await client.OpenAccountAsync(alice, "a");
        var b = await client.OpenAccountAsync(bob, "b");
        await (await client.SendAsync(alice, "/api/v1/transactions/credit", new { accountId = a, asset = "USD", amount = "1000.00" })).ShouldBeAsync(201);
        await (await client.SendAsync(bob, "/api/v1/transactions/credit", new { accountId = b, asset = "USD", amount = "1000.00" })).ShouldBeAsync(201);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transfers = Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var (from, to, who) = i % 2 == 0 ? (a, b, alice) : (b, a, bob);
            return await LedgerApi.ReadAsync(await client.SendAsync(who, "/api/v1/transactions/transfer", new { fromAccountId = from, toAccountId = to, asset = "USD", amount = "1.00" }));
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(transfers);

        outcomes.Select(o => o.Status).Distinct().ShouldBe([201]);
        (await client.BalanceAsync(alice, a, "USD")).ShouldBe(1000.00m);
        (await client.BalanceAsync(bob, b, "USD")).ShouldBe(1000.00m);
        await LedgerInvariants.ShouldAllHoldAsync(factory.ConnectionString);
    }

    [Fact]
    public async Task ConcurrentDuplicatesOfOneIdempotencyKey_ApplyOnce()
    {
        var user = await client.RegisterAndLoginAsync("dup");
        var account = await client.OpenAccountAsync(user, "dup");
        var key = $"dup-{Guid.NewGuid():N}";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.SendAsync(user, "/api/v1/transactions/credit", new { accountId = account, asset = "USD", amount = "5.00" }, key)
                .ContinueWith(t => LedgerApi.ReadAsync(t.Result), TaskScheduler.Default).Unwrap()));

        outcomes.ShouldAllBe(o => o.Status == 201);
        outcomes.Select(o => o.Body!["id"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
        outcomes.Count(o => !o.Replayed).ShouldBe(1);
        (await client.BalanceAsync(user, account, "USD")).ShouldBe(5.00m);
    }

    [Fact]
    public async Task ClosingAnAccountWhileMoneyArrives_EitherClosesEmptyOrRefusesTheClose()
    {
        var owner = await client.RegisterAndLoginAsync("closer");
        var sender = await client.RegisterAndLoginAsync("sender");
        var target = await client.OpenAccountAsync(owner, "closing");
        var source = await client.OpenAccountAsync(sender, "source");
        await (await client.SendAsync(sender, "/api/v1/transactions/credit", new { accountId = source, asset = "USD", amount = "100.00" })).ShouldBeAsync(201);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transfers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await LedgerApi.ReadAsync(await client.SendAsync(sender, "/api/v1/transactions/transfer", new { fromAccountId = source, toAccountId = target, asset = "USD", amount = "1.00" }));
        })).ToList();
        var close = Task.Run(async () =>
        {
            await start.Task;
            return await LedgerApi.ReadAsync(await client.DeleteAsync($"/api/v1/accounts/{target}", owner.AccessToken));
        });
        start.SetResult();
        var moved = (await Task.WhenAll(transfers)).Count(o => o.Status == 201);
        var closed = (await close).Status;

        closed.ShouldBeOneOf(204, 422);
        (await client.BalanceAsync(owner, target, "USD")).ShouldBe(moved * 1.00m);
        if (closed == 204)
        {
            // Closed while empty: everything that arrived came before the close, and the close refused the rest.
            moved.ShouldBe(0);
        }

        await LedgerInvariants.ShouldAllHoldAsync(factory.ConnectionString);
    }
}
