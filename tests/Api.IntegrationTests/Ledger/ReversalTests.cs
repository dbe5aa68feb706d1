using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Ledger;

[Collection(ApiCollection.Name)]
public sealed class ReversalTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Reverse_ByAnAdmin_Returns201WithTheReversal_AndMarksTheOriginalReversed()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var debit = await client.DebitAsync(user, account, "30.00");

        var response = await client.ReverseRequestAsync(admin, debit.Id(), "Chargeback");

        var reversal = await response.ShouldBeAsync(201);
        reversal.AsObject().Select(m => m.Key).ShouldBe(LedgerClient.TransactionMembers, ignoreOrder: true);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/transactions/{reversal.Id()}");
        reversal.Id().ShouldNotBe(debit.Id());
        reversal.Str("type").ShouldBe("reversal");
        reversal.Str("status").ShouldBe("completed");
        reversal.Str("reversalOf").ShouldBe(debit.Id().ToString());
        reversal["reversedBy"].ShouldBeNull();
        reversal["trade"].ShouldBeNull();
        reversal.Str("description").ShouldBe("Chargeback");
        reversal.Str("createdBy").ShouldBe(admin.Id.ToString());
        reversal.Postings().Count.ShouldBe(2);
        reversal.PostingOn(account).Str("amount").ShouldBe("30.00");
        reversal.PostingOn(account).Str("balanceAfter").ShouldBe("100.00");
        reversal.PostingsNotOn(account).Single().Str("amount").ShouldBe("-30.00");

        var original = await client.GetTransactionAsync(user, debit.Id());
        original.Str("status").ShouldBe("reversed");
        original.Str("reversedBy").ShouldBe(reversal.Id().ToString());
        original["reversalOf"].ShouldBeNull();
        original.PostingOn(account).Str("amount").ShouldBe("-30.00");

        var seenByUser = await client.GetTransactionAsync(user, reversal.Id());
        seenByUser.PostingOn(account).Str("balanceAfter").ShouldBe("100.00");
        seenByUser.PostingsNotOn(account).Single()["balanceAfter"].ShouldBeNull();
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        var list = await (await client.GetAsync("/api/v1/transactions?type=reversal", user.AccessToken)).ShouldBeAsync(200);
        list["items"]!.AsArray().Select(t => t!.Id()).ShouldBe([reversal.Id()]);
    }

    [Fact]
    public async Task Reverse_OfATransferBetweenUsers_RestoresBothAccounts()
    {
        var sender = await client.RegisterAndLoginAsync("reverse");
        var recipient = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var from = await client.OpenAccountAsync(sender);
        var to = await client.OpenAccountAsync(recipient);
        await client.CreditAsync(sender, from, "100.00");
        var transfer = await client.TransferAsync(sender, from, to, "40.00");

        var reversal = await (await client.ReverseRequestAsync(admin, transfer.Id(), "Sent to the wrong person")).ShouldBeAsync(201);

        reversal.PostingOn(from).Str("amount").ShouldBe("40.00");
        reversal.PostingOn(from).Str("balanceAfter").ShouldBe("100.00");
        reversal.PostingOn(to).Str("amount").ShouldBe("-40.00");
        reversal.PostingOn(to).Str("balanceAfter").ShouldBe("0.00");
        (await client.AmountOfAsync(sender, from)).ShouldBe("100.00");
        (await client.AmountOfAsync(recipient, to)).ShouldBe("0.00");
        (await client.GetTransactionAsync(recipient, transfer.Id())).Str("status").ShouldBe("reversed");
        var seenByRecipient = await client.GetTransactionAsync(recipient, reversal.Id());
        seenByRecipient.PostingOn(to).Str("balanceAfter").ShouldBe("0.00");
        seenByRecipient.PostingOn(from)["balanceAfter"].ShouldBeNull();
        var recipientsReversals = await (await client.GetAsync("/api/v1/transactions?type=reversal", recipient.AccessToken)).ShouldBeAsync(200);
        recipientsReversals["items"]!.AsArray().Select(t => t!.Id()).ShouldBe([reversal.Id()]);
    }

    [Fact]
    public async Task Reverse_OfATrade_UndoesBothLegs()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var trade = await (await client.TradeRequestAsync(user, account, "buy", "0.001", "BTC", "USD", "20000", "1.00")).ShouldBeAsync(201);

        var reversal = await (await client.ReverseRequestAsync(admin, trade.Id())).ShouldBeAsync(201);

        reversal.Postings().Count.ShouldBe(4);
        reversal["trade"].ShouldBeNull();
        (await client.AmountOfAsync(user, account, "USD")).ShouldBe("100.00");
        (await client.AmountOfAsync(user, account, "BTC")).ShouldBe("0.00000000");
    }

    [Fact]
    public async Task Reverse_ByAUser_Returns403_EvenForTheirOwnTransaction()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "100.00");

        await (await client.ReverseRequestAsync(user, credit.Id())).ShouldBeProblemAsync(403, "forbidden");

        (await client.GetTransactionAsync(user, credit.Id())).Str("status").ShouldBe("completed");
        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
    }

    [Fact]
    public async Task Reverse_Twice_OrReversingTheReversal_Returns422InvalidState()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "100.00");
        var credit = await client.CreditAsync(user, account, "10.00");
        var reversal = await (await client.ReverseRequestAsync(admin, credit.Id())).ShouldBeAsync(201);

        await (await client.ReverseRequestAsync(admin, credit.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.ReverseRequestAsync(admin, reversal.Id())).ShouldBeProblemAsync(422, "invalid_state");

        (await client.AmountOfAsync(user, account)).ShouldBe("100.00");
        (await client.GetTransactionAsync(user, credit.Id())).Str("reversedBy").ShouldBe(reversal.Id().ToString());
    }

    [Fact]
    public async Task Reverse_OfAPendingOrVoidedTransfer_Returns422InvalidState()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var from = await client.OpenAccountAsync(user);
        var to = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, from, "100.00");
        var pending = await client.TransferAsync(user, from, to, "10.00", pending: true);
        var voided = await client.TransferAsync(user, from, to, "10.00", pending: true);
        await (await client.VoidTransferAsync(user, voided.Id())).ShouldBeAsync(200);

        await (await client.ReverseRequestAsync(admin, pending.Id())).ShouldBeProblemAsync(422, "invalid_state");
        await (await client.ReverseRequestAsync(admin, voided.Id())).ShouldBeProblemAsync(422, "invalid_state");

        (await client.GetTransactionAsync(user, pending.Id())).Str("status").ShouldBe("pending");
        var line = await client.LineOfAsync(user, from, "USD");
        line.Str("amount").ShouldBe("100.00");
        line.Str("available").ShouldBe("90.00");
    }

    [Fact]
    public async Task Reverse_ThatWouldOverdrawAnAccount_Returns422InsufficientFunds_AndChangesNothing()
    {
        var sender = await client.RegisterAndLoginAsync("reverse");
        var recipient = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var from = await client.OpenAccountAsync(sender);
        var to = await client.OpenAccountAsync(recipient);
        await client.CreditAsync(sender, from, "100.00");
        var transfer = await client.TransferAsync(sender, from, to, "100.00");
        await client.DebitAsync(recipient, to, "60.00");

        await (await client.ReverseRequestAsync(admin, transfer.Id())).ShouldBeProblemAsync(422, "insufficient_funds");

        var original = await client.GetTransactionAsync(sender, transfer.Id());
        original.Str("status").ShouldBe("completed");
        original["reversedBy"].ShouldBeNull();
        (await client.AmountOfAsync(sender, from)).ShouldBe("0.00");
        (await client.AmountOfAsync(recipient, to)).ShouldBe("40.00");
        var reversals = await (await client.GetAsync("/api/v1/transactions?type=reversal", sender.AccessToken)).ShouldBeAsync(200);
        reversals["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Reverse_IntoAClosedAccount_Returns422AccountClosed()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        await client.CreditAsync(user, account, "10.00");
        var debit = await client.DebitAsync(user, account, "10.00");
        await (await client.DeleteAsync($"/api/v1/accounts/{account}", user.AccessToken)).ShouldBeAsync(204);

        await (await client.ReverseRequestAsync(admin, debit.Id())).ShouldBeProblemAsync(422, "account_closed");

        (await client.GetTransactionAsync(user, debit.Id())).Str("status").ShouldBe("completed");
        (await client.AmountOfAsync(user, account)).ShouldBe("0.00");
    }

    [Fact]
    public async Task Reverse_OfAnUnknownTransaction_Returns404_AndWithoutAReason400()
    {
        var user = await client.RegisterAndLoginAsync("reverse");
        var admin = await client.LoginAdminAsync();
        var account = await client.OpenAccountAsync(user);
        var credit = await client.CreditAsync(user, account, "10.00");

        await (await client.ReverseRequestAsync(admin, Guid.CreateVersion7())).ShouldBeProblemAsync(404, "not_found");
        await (await client.ReverseRequestAsync(admin, credit.Id(), "   ")).ShouldBeValidationProblemAsync("reason");
        await (await client.PostRawAsync($"/api/v1/transactions/{credit.Id()}/reverse", "{}", "application/json", admin.AccessToken))
            .ShouldBeValidationProblemAsync("reason");

        (await client.GetTransactionAsync(user, credit.Id())).Str("status").ShouldBe("completed");
    }
}
