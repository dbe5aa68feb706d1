using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class PendingTransferTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Pending_ReservesTheFunds_AndThePostMovesThem()
    {
        var sender = await client.RegisterAndLoginAsync("pending");
        var recipient = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(sender);
        var to = await client.OpenAccountAsync(recipient, baseCurrency: "EUR");
        await client.CreditAsync(sender, from, "100.00");

        var response = await client.TransferRequestAsync(sender, from, to, "40", pending: true);

        var pending = await response.ShouldBeAsync(201);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/transactions/{pending.Id()}");
        pending.Str("type").ShouldBe("transfer");
        pending.Str("status").ShouldBe("pending");
        pending.PostingOn(from).Str("amount").ShouldBe("-40.00");
        pending.PostingOn(to).Str("amount").ShouldBe("40.00");
        pending.Postings().ShouldAllBe(p => p!["balanceAfter"] == null);

        // The contract's example: 100 → pending 40 → amount "100.00", available "60.00"; the target sees nothing.
        var held = await client.LineOfAsync(sender, from, "USD");
        held.Str("amount").ShouldBe("100.00");
        held.Str("available").ShouldBe("60.00");
        (await client.BalancesAsync(recipient, to)).Select(b => b.AssetAmount()).ShouldBe(["EUR=0.00"]);
        (await client.GetTransactionAsync(recipient, pending.Id())).Str("status").ShouldBe("pending");

        var postResponse = await client.PostTransferAsync(sender, pending.Id());

        var posted = await postResponse.ShouldBeAsync(200);
        posted.Id().ShouldBe(pending.Id());
        posted.Str("status").ShouldBe("completed");
        posted.PostingOn(from).Str("balanceAfter").ShouldBe("60.00");
        posted.PostingOn(to)["balanceAfter"].ShouldBeNull();
        var after = await client.LineOfAsync(sender, from, "USD");
        after.Str("amount").ShouldBe("60.00");
        after.Str("available").ShouldBe("60.00");
        var received = await client.LineOfAsync(recipient, to, "USD");
        received.Str("amount").ShouldBe("40.00");
        received.Str("available").ShouldBe("40.00");
        (await client.GetTransactionAsync(recipient, pending.Id())).PostingOn(to).Str("balanceAfter").ShouldBe("40.00");
    }

    [Fact]
    public async Task Pending_BetweenOwnAccounts_ShowsBothBalancesAfterOncePosted()
    {
        var user = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "0.5", "BTC");
        var pending = await client.TransferAsync(user, from, to, "0.2", "BTC", pending: true);

        var posted = await (await client.PostTransferAsync(user, pending.Id())).ShouldBeAsync(200);

        posted.PostingOn(from).Str("balanceAfter").ShouldBe("0.30000000");
        posted.PostingOn(to).Str("balanceAfter").ShouldBe("0.20000000");
    }

    [Fact]
    public async Task Void_ReleasesTheReservation_AndMovesNothing()
    {
        var user = await client.RegisterAndLoginAsync("pending");
        var recipient = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(recipient, baseCurrency: "EUR");
        await client.CreditAsync(user, from, "100.00");
        var pending = await client.TransferAsync(user, from, to, "40.00", pending: true);

        var voided = await (await client.VoidTransferAsync(user, pending.Id())).ShouldBeAsync(200);

        voided.Id().ShouldBe(pending.Id());
        voided.Str("status").ShouldBe("voided");
        voided.Postings().ShouldAllBe(p => p!["balanceAfter"] == null);
        var line = await client.LineOfAsync(user, from, "USD");
        line.Str("amount").ShouldBe("100.00");
        line.Str("available").ShouldBe("100.00");
        (await client.BalancesAsync(recipient, to)).Select(b => b!.Str("asset")).ShouldBe(["EUR"]);
        await client.DebitAsync(user, from, "100.00");
    }

    [Fact]
    public async Task PostOrVoid_OfASettledTransfer_Returns422InvalidState()
    {
        var user = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");
        var posted = await client.TransferAsync(user, from, to, "10.00", pending: true);
        var voided = await client.TransferAsync(user, from, to, "10.00", pending: true);
        await (await client.PostTransferAsync(user, posted.Id())).ShouldBeAsync(200);
        await (await client.VoidTransferAsync(user, voided.Id())).ShouldBeAsync(200);

        await (await client.PostTransferAsync(user, posted.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.VoidTransferAsync(user, posted.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.VoidTransferAsync(user, voided.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.PostTransferAsync(user, voided.Id())).ShouldBeProblemAsync(422, "invalid_state");

        (await client.GetTransactionAsync(user, posted.Id())).Str("status").ShouldBe("completed");
        (await client.GetTransactionAsync(user, voided.Id())).Str("status").ShouldBe("voided");
        var line = await client.LineOfAsync(user, from, "USD");
        line.Str("amount").ShouldBe("90.00");
        line.Str("available").ShouldBe("90.00");
        (await client.AmountOfAsync(user, to)).ShouldBe("10.00");
    }

    [Fact]
    public async Task PostOrVoid_OfATransactionThatWasNeverPending_Returns422InvalidState()
    {
        var user = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, from, "100.00");
        var transfer = await client.TransferAsync(user, from, to, "10.00");

        await (await client.PostTransferAsync(user, credit.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.VoidTransferAsync(user, credit.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.PostTransferAsync(user, transfer.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.VoidTransferAsync(user, transfer.Id())).ShouldBeProblemAsync(422, "invalid_state");

        (await client.AmountOfAsync(user, from)).ShouldBe("90.00");
    }

    [Fact]
    public async Task PostOrVoid_ByTheRecipient_Returns403_ByAStranger404_AndAnUnknownId404()
    {
        var sender = await client.RegisterAndLoginAsync("pending");
        var recipient = await client.RegisterAndLoginAsync("pending");
        var stranger = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(sender);
        var to = await client.OpenAccountAsync(recipient);
        await client.CreditAsync(sender, from, "100.00");
        var pending = await client.TransferAsync(sender, from, to, "40.00", pending: true);

        await (await client.PostTransferAsync(recipient, pending.Id())).ShouldBeProblemAsync(403, "forbidden");
        await (await client.VoidTransferAsync(recipient, pending.Id())).ShouldBeProblemAsync(403, "forbidden");
        await (await client.PostTransferAsync(stranger, pending.Id())).ShouldBeProblemAsync(404, "not_found");
        await (await client.VoidTransferAsync(stranger, pending.Id())).ShouldBeProblemAsync(404, "not_found");
        await (await client.PostTransferAsync(sender, Guid.CreateVersion7())).ShouldBeProblemAsync(404, "not_found");
        await (await client.VoidTransferAsync(sender, Guid.CreateVersion7())).ShouldBeProblemAsync(404, "not_found");

        (await client.GetTransactionAsync(sender, pending.Id())).Str("status").ShouldBe("pending");
        (await client.LineOfAsync(sender, from, "USD")).Str("available").ShouldBe("60.00");
        (await client.AmountOfAsync(recipient, to)).ShouldBe("0.00");
    }

    [Fact]
    public async Task Pending_BeyondWhatIsAvailable_Returns422InsufficientFunds()
    {
        var user = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");
        await client.TransferAsync(user, from, to, "60.00", pending: true);

        await (await client.TransferRequestAsync(user, from, to, "50.00", pending: true)).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.TransferRequestAsync(user, from, to, "50.00")).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.DebitRequestAsync(user, from, "40.01")).ShouldBeProblemAsync(422, "insufficient_funds");
        await (await client.TransferRequestAsync(user, from, to, "40.00", pending: true)).ShouldBeAsync(201);

        var line = await client.LineOfAsync(user, from, "USD");
        line.Str("amount").ShouldBe("100.00");
        line.Str("available").ShouldBe("0.00");
        await (await client.DebitRequestAsync(user, from, "0.01")).ShouldBeProblemAsync(422, "insufficient_funds");
    }

    [Fact]
    public async Task Post_ToATargetClosedMeanwhile_Returns422AccountClosed_AndTheTransferCanStillBeVoided()
    {
        var sender = await client.RegisterAndLoginAsync("pending");
        var recipient = await client.RegisterAndLoginAsync("pending");
        var from = await client.OpenAccountAsync(sender);
        var to = await client.OpenAccountAsync(recipient);
        await client.CreditAsync(sender, from, "100.00");
        var pending = await client.TransferAsync(sender, from, to, "40.00", pending: true);
        await (await client.DeleteAsync($"/api/v1/accounts/{to}", recipient.AccessToken)).ShouldBeAsync(204);

        await (await client.PostTransferAsync(sender, pending.Id())).ShouldBeProblemAsync(422, "account_closed");
        (await client.GetTransactionAsync(sender, pending.Id())).Str("status").ShouldBe("pending");

        await (await client.VoidTransferAsync(sender, pending.Id())).ShouldBeAsync(200);
        (await client.LineOfAsync(sender, from, "USD")).Str("available").ShouldBe("100.00");
    }
}
