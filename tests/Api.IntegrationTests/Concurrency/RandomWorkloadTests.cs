using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PortfolioTracker.Api.IntegrationTests.Concurrency;

/// <summary>
/// A seeded, randomized, concurrent workload over 20 accounts and several assets — credits, debits, transfers,
/// pending transfers settled or voided, trades, reversals — where some requests are sent twice at once with the same
/// Idempotency-Key, as a retrying client would. Afterwards every ledger invariant must hold and every key must have
/// produced exactly one transaction. The operation list is reproducible from the seed (PT_WORKLOAD_SEED); its length is
/// PT_WORKLOAD_OPS (default 2000).
/// </summary>
[Collection(ConcurrencyCollection.Name)]
public sealed class RandomWorkloadTests(ConcurrencyFactory factory, ITestOutputHelper output)
{
    private const int Workers = 16;
    private static readonly string[] Assets = ["USD", "EUR", "BTC"];
    private readonly HttpClient client = factory.CreateClient();
    private readonly ConcurrentDictionary<string, string> transactionOfKey = new();
    private readonly ConcurrentBag<(string Id, TestUser Owner)> pending = [];
    private readonly ConcurrentBag<string> settled = [];
    private readonly ConcurrentDictionary<int, int> statusCounts = new();

    [Fact]
    public async Task SeededRandomWorkload_KeepsEveryInvariant_AndAppliesEachIdempotencyKeyOnce()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PT_WORKLOAD_SEED"), out var s) ? s : 20261121;
        var count = int.TryParse(Environment.GetEnvironmentVariable("PT_WORKLOAD_OPS"), out var n) ? n : 2000;
        var random = new Random(seed);

        var admin = await client.LoginAdminAsync();
        var users = new List<TestUser>();
        var accounts = new List<(Guid Id, TestUser Owner)>();
        for (var u = 0; u < 4; u++)
        {
            var user = await client.RegisterAndLoginAsync($"load{u}");
            users.Add(user);
            for (var a = 0; a < 5; a++)
            {
                var id = await client.OpenAccountAsync(user, $"acc{a}");
                accounts.Add((id, user));
                foreach (var (asset, amount) in new[] { ("USD", "1000.00"), ("EUR", "500.00"), ("BTC", "1.00000000") })
                {
                    var funded = await client.SendAsync(user, "/api/v1/transactions/credit", new { accountId = id, asset, amount }, $"fund-{id}-{asset}");
                    Record($"fund-{id}-{asset}", await LedgerApi.ReadAsync(funded));
                }
            }
        }

        var operations = Enumerable.Range(0, count).Select(i => Plan(i, random, accounts)).ToList();
        var queue = new ConcurrentQueue<Operation>(operations);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var operation))
            {
                await RunAsync(operation, admin);
            }
        })));

        output.WriteLine($"seed {seed}, {count} operations, statuses: {string.Join(", ", statusCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        statusCounts.Keys.ShouldAllBe(status => status == 200 || status == 201 || status == 422);
        statusCounts.GetValueOrDefault(201).ShouldBeGreaterThan(count / 3);

        await LedgerInvariants.ShouldAllHoldAsync(factory.ConnectionString);

        // Exactly one transaction per key that succeeded: nothing applied twice, nothing lost.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        var stored = await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT transaction_id) FROM postings WHERE account_id = ANY(@ids)",
            new { ids = accounts.Select(a => a.Id).ToArray() });
        stored.ShouldBe(transactionOfKey.Values.Distinct().LongCount());
    }

    private static Operation Plan(int index, Random random, List<(Guid Id, TestUser Owner)> accounts)
    {
        var (account, owner) = accounts[random.Next(accounts.Count)];
        var other = accounts[random.Next(accounts.Count)].Id;
        var asset = Assets[random.Next(Assets.Length)];
        var amount = asset == "BTC"
            ? (random.Next(1, 5_000_000) / 100_000_000m).ToString("0.00000000", CultureInfo.InvariantCulture)
            : (random.Next(1, 20_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var key = $"op-{index}";
        var duplicate = random.NextDouble() < 0.1;
        var roll = random.Next(100);
        return roll switch
        {
            < 15 => new Operation(key, owner, "/api/v1/transactions/credit", new { accountId = account, asset, amount }, duplicate),
            < 30 => new Operation(key, owner, "/api/v1/transactions/debit", new { accountId = account, asset, amount }, duplicate),
            < 55 => new Operation(key, owner, "/api/v1/transactions/transfer", new { fromAccountId = account, toAccountId = other, asset, amount }, duplicate),
            < 65 => new Operation(key, owner, "/api/v1/transactions/transfer", new { fromAccountId = account, toAccountId = other, asset, amount, pending = true }, duplicate, Pending: true),
            < 75 => new Operation(key, owner, random.Next(2) == 0 ? "post" : "void", null, duplicate, Settle: true),
            < 92 => new Operation(key, owner, "/api/v1/transactions/trade", new
            {
                accountId = account,
                side = random.Next(2) == 0 ? "buy" : "sell",
                asset = "BTC",
                quantity = (random.Next(1, 2_000_000) / 100_000_000m).ToString("0.00000000", CultureInfo.InvariantCulture),
                quoteAsset = random.Next(3) == 0 ? "EUR" : "USD",
                price = (random.Next(2_000_000, 8_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture),
                fee = (random.Next(0, 300) / 100m).ToString("0.00", CultureInfo.InvariantCulture),
            }, duplicate),
            _ => new Operation(key, owner, "reverse", null, duplicate, Reverse: true),
        };
    }

    private async Task RunAsync(Operation operation, TestUser admin)
    {
        var (user, path, body) = (operation.User, operation.Path, operation.Body);
        if (operation.Settle)
        {
            if (!pending.TryTake(out var transfer))
            {
                return;
            }

            (user, path, body) = (transfer.Owner, $"/api/v1/transactions/{transfer.Id}/{operation.Path}", null);
            settled.Add(transfer.Id);
        }
        else if (operation.Reverse)
        {
            var candidates = transactionOfKey.Values.ToArray();
            if (candidates.Length == 0)
            {
                return;
            }

            var target = candidates[Math.Abs(operation.Key.GetHashCode(StringComparison.Ordinal)) % candidates.Length];
            (user, path, body) = (admin, $"/api/v1/transactions/{target}/reverse", new { reason = "workload" });
        }

        var sends = Enumerable.Range(0, operation.Duplicate ? 2 : 1)
            .Select(_ => client.SendAsync(user, path, body, operation.Key).ContinueWith(t => LedgerApi.ReadAsync(t.Result), TaskScheduler.Default).Unwrap());
        var outcomes = await Task.WhenAll(sends);

        // Duplicates answer alike: the same status, the same transaction, and at most one of them not replayed.
        outcomes.Select(o => o.Status).Distinct().Count().ShouldBe(1, $"{operation.Key} {path}");
        outcomes.Count(o => !o.Replayed).ShouldBeLessThanOrEqualTo(1);
        foreach (var outcome in outcomes)
        {
            Record(operation.Key, outcome);
        }

        if (operation.Pending && outcomes[0].Status == 201)
        {
            pending.Add((outcomes[0].Body!["id"]!.GetValue<string>(), user));
        }
    }

    private void Record(string key, (int Status, System.Text.Json.Nodes.JsonNode? Body, bool Replayed) outcome)
    {
        statusCounts.AddOrUpdate(outcome.Status, 1, (_, c) => c + 1);
        if (outcome.Status is 200 or 201)
        {
            var id = outcome.Body!["id"]!.GetValue<string>();
            var first = transactionOfKey.GetOrAdd(key, id);
            first.ShouldBe(id, $"key {key} produced two transactions");
        }
        else
        {
            outcome.Status.ShouldBe(422, outcome.Body?.ToJsonString());
        }
    }

    private sealed record Operation(
        string Key, TestUser User, string Path, object? Body, bool Duplicate, bool Pending = false, bool Settle = false, bool Reverse = false);
}
