using System.Text.Json.Nodes;
using Npgsql;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Credit_RepeatedWithTheSameKeyAndBody_ReplaysTheAnswer_AndMovesTheMoneyOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();

        var first = await client.CreditRequestAsync(user, account, "100.00", key: key, description: "Once");
        var second = await client.CreditRequestAsync(user, account, "100.00", key: key, description: "Once");

        await ShouldReplayAsync(first, second, 201);
        second.Headers.Location!.ToString().ShouldBe(first.Headers.Location!.ToString());
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        (await TransactionCountAsync(user, account)).ShouldBe(1);
    }

    [Fact]
    public async Task Debit_RepeatedWithTheSameKeyAndBody_ReplaysTheAnswer_AndMovesTheMoneyOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var key = LedgerClient.NewKey();

        var first = await client.DebitRequestAsync(user, account, "30.00", key: key);
        var second = await client.DebitRequestAsync(user, account, "30.00", key: key);

        await ShouldReplayAsync(first, second, 201);
        (await client.AmountOfAsync(user, account)).ShouldBe("70.00");
    }

    [Fact]
    public async Task Transfer_RepeatedWithTheSameKeyAndBody_ReplaysTheAnswer_AndMovesTheMoneyOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var recipient = await client.RegisterAndLoginAsync("idem");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(recipient);
        await client.CreditAsync(user, from, "100.00");
        var key = LedgerClient.NewKey();

        var first = await client.TransferRequestAsync(user, from, to, "25.00", key: key);
        var second = await client.TransferRequestAsync(user, from, to, "25.00", key: key);

        await ShouldReplayAsync(first, second, 201);
        (await client.AmountOfAsync(user, from)).ShouldBe("75.00");
        (await client.AmountOfAsync(recipient, to)).ShouldBe("25.00");
    }

    [Fact]
    public async Task Trade_RepeatedWithTheSameKeyAndBody_ReplaysTheAnswer_AndTradesOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var key = LedgerClient.NewKey();

        var first = await client.TradeRequestAsync(user, account, "buy", "0.001", "BTC", "USD", "20000", "0.10", key);
        var second = await client.TradeRequestAsync(user, account, "buy", "0.001", "BTC", "USD", "20000", "0.10", key);

        // 0.001 × 20000 = 20.00, + 0.10 fee = 20.10 paid once.
        await ShouldReplayAsync(first, second, 201);
        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("79.90");
        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.00100000");
    }

    [Fact]
    public async Task PostAndVoid_RepeatedWithTheSameKey_ReplayTheAnswer_InsteadOfInvalidState()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");
        var toPost = await client.TransferAsync(user, from, to, "40.00", pending: true);
        var toVoid = await client.TransferAsync(user, from, to, "10.00", pending: true);
        var postKey = LedgerClient.NewKey();
        var voidKey = LedgerClient.NewKey();

        var posted = await client.PostTransferAsync(user, toPost.Id(), postKey);
        var postedAgain = await client.PostTransferAsync(user, toPost.Id(), postKey);
        var voided = await client.VoidTransferAsync(user, toVoid.Id(), voidKey);
        var voidedAgain = await client.VoidTransferAsync(user, toVoid.Id(), voidKey);

        (await ShouldReplayAsync(posted, postedAgain, 200)).Str("status").ShouldBe("completed");
        (await ShouldReplayAsync(voided, voidedAgain, 200)).Str("status").ShouldBe("voided");
        var line = await client.LineOfAsync(user, from, "USD");
        line.Str("amount").ShouldBe("60.00");
        line.Str("available").ShouldBe("60.00");
        (await client.AmountOfAsync(user, to)).ShouldBe("40.00");
        await (await client.PostTransferAsync(user, toPost.Id())).ShouldBeProblemAsync(422, "invalid_state");
    }

    [Fact]
    public async Task Reverse_RepeatedWithTheSameKey_ReplaysTheReversal_AndReversesOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var credit = await client.CreditAsync(user, account, "10.00");
        var key = LedgerClient.NewKey();

        var first = await client.ReverseRequestAsync(admin, credit.Id(), "Duplicate deposit", key);
        var second = await client.ReverseRequestAsync(admin, credit.Id(), "Duplicate deposit", key);

        var reversal = await ShouldReplayAsync(first, second, 201);
        reversal.Str("reversalOf").ShouldBe(credit.Id().ToString());
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        (await client.GetTransactionAsync(user, credit.Id())).Str("reversedBy").ShouldBe(reversal.Id().ToString());
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_Returns409_AndAppliesNothing()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();
        await (await client.CreditRequestAsync(user, account, "100.00", key: key)).ShouldBeAsync(201);

        var otherAmount = await client.CreditRequestAsync(user, account, "100.01", key: key);
        var otherDescription = await client.CreditRequestAsync(user, account, "100.00", key: key, description: "changed");
        var otherOperation = await client.DebitRequestAsync(user, account, "100.00", key: key);

        await otherAmount.ShouldBeProblemAsync(409, "idempotency_key_reused");
        await otherDescription.ShouldBeProblemAsync(409, "idempotency_key_reused");
        await otherOperation.ShouldBeProblemAsync(409, "idempotency_key_reused");
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        (await TransactionCountAsync(user, account)).ShouldBe(1);
    }

    [Fact]
    public async Task SameKey_OnPostOfAnotherTransaction_Returns409()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");
        var a = await client.TransferAsync(user, from, to, "1.00", pending: true);
        var b = await client.TransferAsync(user, from, to, "2.00", pending: true);
        var key = LedgerClient.NewKey();
        await (await client.PostTransferAsync(user, a.Id(), key)).ShouldBeAsync(200);

        await (await client.PostTransferAsync(user, b.Id(), key)).ShouldBeProblemAsync(409, "idempotency_key_reused");
        await (await client.VoidTransferAsync(user, a.Id(), key)).ShouldBeProblemAsync(409, "idempotency_key_reused");

        (await client.GetTransactionAsync(user, b.Id())).Str("status").ShouldBe("pending");
    }

    [Fact]
    public async Task ARefusal_IsStoredAndReplayed_EvenAfterTheBalanceWouldAllowIt()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();

        var refused = await client.DebitRequestAsync(user, account, "50.00", key: key);
        var problem = await refused.ShouldBeProblemAsync(422, "insufficient_funds");
        refused.IsReplay().ShouldBeFalse();
        await client.CreditAsync(user, account, "100.00");
        var again = await client.DebitRequestAsync(user, account, "50.00", key: key);

        var replayed = await again.ShouldBeProblemAsync(422, "insufficient_funds");
        again.IsReplay().ShouldBeTrue();
        replayed.Str("detail").ShouldBe(problem.Str("detail"));
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        await (await client.DebitRequestAsync(user, account, "50.00", key: LedgerClient.NewKey())).ShouldBeAsync(201);
    }

    [Fact]
    public async Task ARefusal_IsReplayedWithTheOriginalBody()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();

        var first = await client.DebitRequestAsync(user, account, "50.00", key: key);
        var second = await client.DebitRequestAsync(user, account, "50.00", key: key);

        var original = await first.ShouldBeProblemAsync(422, "insufficient_funds");
        var replay = await second.ShouldBeProblemAsync(422, "insufficient_funds");
        second.IsReplay().ShouldBeTrue();
        replay.ToJsonString().ShouldBe(original.ToJsonString());
    }

    [Fact]
    public async Task AValidationFailure_IsNotStored_SoTheKeyWorksWithACorrectedBody()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();

        await (await client.CreditRequestAsync(user, account, "1.001", key: key)).ShouldBeValidationProblemAsync("amount");
        var corrected = await client.CreditRequestAsync(user, account, "1.00", key: key);

        await corrected.ShouldBeAsync(201);
        corrected.IsReplay().ShouldBeFalse();
        (await client.AmountOfAsync(user, account)).ShouldBe("1.00");
    }

    [Fact]
    public async Task Keys_ArePerUser()
    {
        var alice = await client.RegisterAndLoginAsync("idem");
        var bob = await client.RegisterAndLoginAsync("idem");
        var alices = await client.OpenAccountAsync(alice);
        var bobs = await client.OpenAccountAsync(bob);
        var key = LedgerClient.NewKey();

        var first = await client.CreditRequestAsync(alice, alices, "10.00", key: key);
        var second = await client.CreditRequestAsync(bob, bobs, "10.00", key: key);

        var a = await first.ShouldBeAsync(201);
        var b = await second.ShouldBeAsync(201);
        second.IsReplay().ShouldBeFalse();
        a.Id().ShouldNotBe(b.Id());
        (await client.AmountOfAsync(alice, alices)).ShouldBe("10.00");
        (await client.AmountOfAsync(bob, bobs)).ShouldBe("10.00");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task Key_LongerThan255Characters_Returns400_AndMovesNothing(int length)
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);

        await ShouldBeKeyProblemAsync(await client.CreditRequestAsync(user, account, "1.00", key: new string('k', length)));

        (await client.AmountOfAsync(user, account)).ShouldBe("0.00");
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("del\u007fhere")]
    [InlineData("bell\u0007")]
    public async Task Key_WithANonPrintableCharacter_Returns400(string key)
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);

        await ShouldBeKeyProblemAsync(await client.CreditRequestAsync(user, account, "1.00", key: key));

        (await client.AmountOfAsync(user, account)).ShouldBe("0.00");
    }

    [Fact]
    public async Task Key_Of255PrintableCharacters_IsAccepted()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = ("~ !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}" + new string('x', 255))[..255];

        var first = await client.CreditRequestAsync(user, account, "1.00", key: key);
        var second = await client.CreditRequestAsync(user, account, "1.00", key: key);

        await ShouldReplayAsync(first, second, 201);
        (await client.AmountOfAsync(user, account)).ShouldBe("1.00");
    }

    [Fact]
    public async Task ConcurrentDuplicates_AllAnswerTheSameTransaction_AndApplyOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.CreditRequestAsync(user, account, "100.00", key: key)));

        var bodies = new List<JsonNode>();
        foreach (var response in responses)
        {
            bodies.Add(await response.ShouldBeAsync(201));
        }

        bodies.Select(b => b.Id()).Distinct().Count().ShouldBe(1);
        responses.Count(r => !r.IsReplay()).ShouldBe(1);
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        (await TransactionCountAsync(user, account)).ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentDuplicateTransfers_MoveTheMoneyOnce()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");
        var key = LedgerClient.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.TransferRequestAsync(user, from, to, "60.00", key: key)));

        var ids = new List<Guid>();
        foreach (var response in responses)
        {
            ids.Add((await response.ShouldBeAsync(201)).Id());
        }

        ids.Distinct().Count().ShouldBe(1);
        (await client.AmountOfAsync(user, from)).ShouldBe("40.00");
        (await client.AmountOfAsync(user, to)).ShouldBe("60.00");
    }

    [Fact]
    public async Task ConcurrentDuplicatesOfARefusal_ReplayTheFirst_AndTheKeyStaysRefused()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.DebitRequestAsync(user, account, "50.00", key: key)));

        foreach (var response in responses)
        {
            await response.ShouldBeProblemAsync(422, "insufficient_funds");
        }

        responses.Count(r => !r.IsReplay()).ShouldBe(1);
        var audited = await client.AllPagesAsync($"/api/v1/audit?entityType=account&entityId={account}", admin.AccessToken);
        audited.Count(e => e.Str("outcome") == "refused").ShouldBe(1);

        await client.CreditAsync(user, account, "100.00");
        var later = await client.DebitRequestAsync(user, account, "50.00", key: key);
        await later.ShouldBeProblemAsync(422, "insufficient_funds");
        later.IsReplay().ShouldBeTrue();
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
    }

    [Fact]
    public async Task TheStoredOutcome_NestsTheAnswerAsJson_NotAsAnEscapedString()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();
        var answer = await (await client.CreditRequestAsync(user, account, "12.50", key: key)).ShouldBeAsync(201);

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT jsonb_typeof(outcome->'value'), outcome->'value'->>'id', outcome ? 'valueJson' FROM idempotency_keys WHERE key = $1", connection);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetString(0).ShouldBe("object");
        reader.GetString(1).ShouldBe(answer.Str("id"));
        reader.GetBoolean(2).ShouldBeFalse();
    }

    [Fact]
    public async Task AnOutcomeStoredInTheEarlierEscapedForm_IsStillReplayed()
    {
        var user = await client.RegisterAndLoginAsync("idem");
        var account = await client.OpenAccountAsync(user);
        var key = LedgerClient.NewKey();
        var first = await client.CreditRequestAsync(user, account, "7.25", key: key);
        var original = await first.ShouldBeAsync(201);

        // Rewrite the row as releases before 22 Nov 2026 stored it: the answer as a JSON string under "valueJson".
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "UPDATE idempotency_keys SET outcome = jsonb_build_object('valueJson', (outcome->'value')::text) WHERE key = $1", connection);
            command.Parameters.AddWithValue(key);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var again = await client.CreditRequestAsync(user, account, "7.25", key: key);
        var replay = await again.ShouldBeAsync(201);
        again.IsReplay().ShouldBeTrue();
        replay.ToJsonString().ShouldBe(original.ToJsonString());
        (await client.AmountOfAsync(user, account)).ShouldBe("7.25");
    }

    /// <summary>A 400 whose only error names the header.</summary>
    private static async Task ShouldBeKeyProblemAsync(HttpResponseMessage response) =>
        await response.ShouldBeValidationProblemAsync("Idempotency-Key");

    /// <summary>Asserts the second answer replays the first: same status, same body, and the replay header.</summary>
    private static async Task<JsonNode> ShouldReplayAsync(HttpResponseMessage first, HttpResponseMessage second, int status)
    {
        var original = await first.ShouldBeAsync(status);
        var replay = await second.ShouldBeAsync(status);
        first.IsReplay().ShouldBeFalse();
        second.IsReplay().ShouldBeTrue();
        replay.ToJsonString().ShouldBe(original.ToJsonString());
        return original;
    }

    private async Task<int> TransactionCountAsync(TestUser user, Guid account) =>
        (await client.AllPagesAsync($"/api/v1/transactions?accountId={account}", user.AccessToken)).Count;
}
