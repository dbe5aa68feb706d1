using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MediatR;
using NSubstitute;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Credit;
using PortfolioTracker.Application.Transactions.Commands.Debit;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Common.Idempotency;

public class IdempotencyBehaviourTests
{
    private const string Key = "key-1";
    private static readonly Guid AccountId = Guid.NewGuid();
    private static readonly CreditCommand Credit = new(AccountId, "USD", "25.50", "Salary", Key);
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly IIdempotencyStore store = Substitute.For<IIdempotencyStore>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IdempotencyContext context = new();
    private readonly Guid userId = Guid.NewGuid();
    private readonly List<Func<CancellationToken, Task>> rolledBack = [];
    private readonly TransactionDto dto = TransactionDtos.Trade();
    private int nextCalls;

    public IdempotencyBehaviourTests() => unitOfWork.OnRolledBack(Arg.Do<Func<CancellationToken, Task>>(rolledBack.Add));

    // --- No key ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Handle_WhenTheCommandHasNoKey_JustRunsTheHandler()
    {
        var expected = Result<TransactionDto>.Success(dto);

        var response = await Behaviour().Handle(Credit with { IdempotencyKey = null }, CancellationToken.None, Next(expected));

        response.ShouldBeSameAs(expected);
        nextCalls.ShouldBe(1);
        store.ReceivedCalls().ShouldBeEmpty();
        unitOfWork.ReceivedCalls().ShouldBeEmpty();
        context.Replayed.ShouldBeFalse();
    }

    [Fact]
    public async Task Handle_WhenTheRequestIsNotIdempotent_JustRunsTheHandler()
    {
        var behaviour = new IdempotencyBehaviour<TransferFundsCommand, Result<Guid>>(store, CurrentUsers.For(userId), unitOfWork, context);
        var expected = Result<Guid>.Success(Guid.NewGuid());

        var response = await behaviour.Handle(new TransferFundsCommand(Guid.NewGuid(), "REF", []), CancellationToken.None, Next(expected));

        response.ShouldBeSameAs(expected);
        store.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenTheCallerIsAnonymous_JustRunsTheHandler()
    {
        var anonymous = Substitute.For<ICurrentUser>();
        anonymous.UserId.Returns((Guid?)null);
        var behaviour = new IdempotencyBehaviour<CreditCommand, Result<TransactionDto>>(store, anonymous, unitOfWork, context);

        await behaviour.Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto)));

        nextCalls.ShouldBe(1);
        store.ReceivedCalls().ShouldBeEmpty();
    }

    // --- First use ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Handle_WhenTheKeyIsNew_ClaimsItBeforeRunningTheHandler()
    {
        using var cancellation = new CancellationTokenSource();
        ClaimSucceeds();
        var claimedBeforeNext = false;

        await Behaviour().Handle(Credit, cancellation.Token, () =>
        {
            claimedBeforeNext = store.ReceivedCalls().Any(c => c.GetMethodInfo().Name == nameof(IIdempotencyStore.TryClaimAsync));
            return Task.FromResult(Result<TransactionDto>.Success(dto));
        });

        claimedBeforeNext.ShouldBeTrue();
        await store.Received(1).TryClaimAsync(userId, Key, IdempotencyBehaviour<CreditCommand, Result<TransactionDto>>.RequestHash(Credit), cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenTheHandlerSucceeds_StoresTheValueAsJsonWithTheClaim()
    {
        ClaimSucceeds();
        StoredOutcome? stored = null;
        await store.CompleteAsync(userId, Key, Arg.Do<StoredOutcome>(o => stored = o), Arg.Any<CancellationToken>());

        var response = await Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto)));

        response.Value.ShouldBeSameAs(dto);
        stored.ShouldNotBeNull();
        stored.ErrorCode.ShouldBeNull();
        stored.ErrorKind.ShouldBeNull();
        var json = stored.ValueJson.ShouldNotBeNull();
        JsonSerializer.Deserialize<TransactionDto>(json, WebJson).ShouldNotBeNull().ShouldEqual(dto);
        json.ShouldContain("\"reversalOf\":null"); // camelCase, nulls kept: the API's JSON
        rolledBack.ShouldBeEmpty();
        context.Replayed.ShouldBeFalse();
    }

    [Fact]
    public async Task Handle_WhenTheKeyIsClaimed_SetsTheRollbackCheckpointBeforeRunningTheHandler()
    {
        ClaimSucceeds();
        var checkpointBeforeNext = false;

        await Behaviour().Handle(Credit, CancellationToken.None, () =>
        {
            checkpointBeforeNext = unitOfWork.ReceivedCalls().Any(c => c.GetMethodInfo().Name == nameof(IUnitOfWork.CheckpointAsync));
            return Task.FromResult(Result<TransactionDto>.Success(dto));
        });

        checkpointBeforeNext.ShouldBeTrue();
    }

    [Fact]
    public async Task Handle_WhenTheHandlerIsRefusedByABusinessRule_StoresTheRefusalOnlyAfterTheRollback()
    {
        ClaimSucceeds();
        var caller = CurrentUsers.For(userId);
        caller.TraceId.Returns("0af7651916cd43dd8448eb211c80319c");
        var behaviour = new IdempotencyBehaviour<CreditCommand, Result<TransactionDto>>(store, caller, unitOfWork, context);

        var response = await behaviour.Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Failure(LedgerErrors.InsufficientFunds)));

        response.Error.ShouldBeSameAs(LedgerErrors.InsufficientFunds);
        await store.DidNotReceiveWithAnyArgs().CompleteAsync(default, default!, default!, default);
        await store.DidNotReceiveWithAnyArgs().StoreRefusalAsync(default, default!, default!, default);
        var storeRefusal = rolledBack.ShouldHaveSingleItem();

        await storeRefusal(CancellationToken.None);

        await store.Received(1).StoreRefusalAsync(
            userId,
            Key,
            new StoredOutcome(null, "insufficient_funds", LedgerErrors.InsufficientFunds.Message, ErrorKind.BusinessRule, "0af7651916cd43dd8448eb211c80319c"),
            CancellationToken.None);
        await store.DidNotReceiveWithAnyArgs().ReleaseAsync(default, default!, default);
    }

    public static TheoryData<Error> FailuresThatStoreNothing => new()
    {
        Error.Validation("amount", "Bad."),
        Error.NotFound("not_found", "The account does not exist."),
        Error.Forbidden("forbidden", "No."),
        Error.Conflict("account_name_taken", "Taken."),
        Error.Unavailable("unavailable", "Down."),
    };

    [Theory]
    [MemberData(nameof(FailuresThatStoreNothing))]
    public async Task Handle_WhenTheHandlerFailsOtherwise_StoresNoOutcomeAndGivesTheKeyBack(Error error)
    {
        ClaimSucceeds();

        var response = await Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Failure(error)));

        response.Error.ShouldBeSameAs(error);
        var release = rolledBack.ShouldHaveSingleItem();
        await release(CancellationToken.None);
        await store.Received(1).ReleaseAsync(userId, Key, CancellationToken.None);
        await store.DidNotReceiveWithAnyArgs().CompleteAsync(default, default!, default!, default);
        await store.DidNotReceiveWithAnyArgs().StoreRefusalAsync(default, default!, default!, default);
    }

    // --- Key already taken ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Handle_WhenTheSameRequestWasAnsweredBefore_ReplaysTheStoredValueWithoutRunningTheHandler()
    {
        // First request: its claim and stored outcome are what the store keeps.
        ClaimSucceeds();
        string? hash = null;
        StoredOutcome? stored = null;
        await store.TryClaimAsync(userId, Key, Arg.Do<string>(h => hash = h), Arg.Any<CancellationToken>());
        await store.CompleteAsync(userId, Key, Arg.Do<StoredOutcome>(o => stored = o), Arg.Any<CancellationToken>());
        await Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto)));

        // Second request with the same key and body, in a new scope.
        store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(false);
        store.FindAsync(userId, Key, Arg.Any<CancellationToken>()).Returns(new IdempotencyRecord(hash!, stored));
        var replayContext = new IdempotencyContext();
        var replay = new IdempotencyBehaviour<CreditCommand, Result<TransactionDto>>(store, CurrentUsers.For(userId), unitOfWork, replayContext);

        var response = await replay.Handle(Credit with { }, CancellationToken.None, Next(Result<TransactionDto>.Failure(LedgerErrors.InsufficientFunds)));

        response.IsSuccess.ShouldBeTrue();
        response.Value.ShouldEqual(dto);
        response.Value.Postings.Count.ShouldBe(4);
        response.Value.Trade.ShouldBe(dto.Trade);
        replayContext.Replayed.ShouldBeTrue();
        nextCalls.ShouldBe(1); // only the first request ran the handler
        await store.Received(1).CompleteAsync(userId, Key, Arg.Any<StoredOutcome>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheSameRequestWasRefusedBefore_ReplaysTheSameError()
    {
        KeyTakenBy(Credit, new StoredOutcome(null, "insufficient_funds", "Not enough.", ErrorKind.BusinessRule));

        var response = await Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto)));

        response.Error.Code.ShouldBe("insufficient_funds");
        response.Error.Message.ShouldBe("Not enough.");
        response.Error.Kind.ShouldBe(ErrorKind.BusinessRule);
        context.Replayed.ShouldBeTrue();
        nextCalls.ShouldBe(0);
    }

    [Fact]
    public async Task Handle_WhenTheKeyWasUsedForADifferentBody_ReturnsKeyReusedWithoutRunningTheHandler()
    {
        KeyTakenBy(Credit with { Amount = "25.51" }, new StoredOutcome("{}", null, null, null));

        var response = await Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto)));

        response.Error.ShouldBe(IdempotencyErrors.KeyReused);
        response.Error.Code.ShouldBe("idempotency_key_reused");
        response.Error.Kind.ShouldBe(ErrorKind.Conflict);
        context.Replayed.ShouldBeFalse();
        nextCalls.ShouldBe(0);
        await store.DidNotReceiveWithAnyArgs().CompleteAsync(default, default!, default!, default);
    }

    [Fact]
    public async Task Handle_WhenTheKeyWasUsedForAnotherKindOfCommandWithTheSameFields_ReturnsKeyReused()
    {
        // A debit with the very same JSON as the credit is still a different request.
        var debit = new DebitCommand(Credit.AccountId, Credit.Asset, Credit.Amount, Credit.Description, Key);
        store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(false);
        store.FindAsync(userId, Key, Arg.Any<CancellationToken>())
            .Returns(new IdempotencyRecord(IdempotencyBehaviour<CreditCommand, Result<TransactionDto>>.RequestHash(Credit), new StoredOutcome("{}", null, null, null)));
        var behaviour = new IdempotencyBehaviour<DebitCommand, Result<TransactionDto>>(store, CurrentUsers.For(userId), unitOfWork, context);

        var response = await behaviour.Handle(debit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto)));

        response.Error.ShouldBe(IdempotencyErrors.KeyReused);
    }

    [Fact]
    public async Task Handle_WhenACommandWithoutValueIsReplayed_ReturnsPlainSuccess()
    {
        var command = new SettleBookCommand("2025", Key);
        var behaviour = new IdempotencyBehaviour<SettleBookCommand, Result>(store, CurrentUsers.For(userId), unitOfWork, context);
        store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(false);
        store.FindAsync(userId, Key, Arg.Any<CancellationToken>())
            .Returns(new IdempotencyRecord(IdempotencyBehaviour<SettleBookCommand, Result>.RequestHash(command), new StoredOutcome("null", null, null, null)));

        var response = await behaviour.Handle(command, CancellationToken.None, () => Task.FromResult(Result.Failure(LedgerErrors.SameAccount)));

        response.IsSuccess.ShouldBeTrue();
        context.Replayed.ShouldBeTrue();
    }

    [Fact]
    public async Task Handle_WhenACommandWithoutValueSucceeds_StoresNullAsItsValue()
    {
        var command = new SettleBookCommand("2025", Key);
        var behaviour = new IdempotencyBehaviour<SettleBookCommand, Result>(store, CurrentUsers.For(userId), unitOfWork, context);
        store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(true);

        await behaviour.Handle(command, CancellationToken.None, () => Task.FromResult(Result.Success()));

        await store.Received(1).CompleteAsync(userId, Key, new StoredOutcome("null", null, null, null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheTakenKeysRowIsNotVisible_ThrowsInvalidOperationException()
    {
        store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(false);
        store.FindAsync(userId, Key, Arg.Any<CancellationToken>()).Returns((IdempotencyRecord?)null);

        await Should.ThrowAsync<InvalidOperationException>(() => Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto))));
        nextCalls.ShouldBe(0);
    }

    [Fact]
    public async Task Handle_WhenTheTakenKeyHasNoOutcome_ThrowsInvalidOperationException()
    {
        KeyTakenBy(Credit, outcome: null);

        await Should.ThrowAsync<InvalidOperationException>(() => Behaviour().Handle(Credit, CancellationToken.None, Next(Result<TransactionDto>.Success(dto))));
    }

    // --- RequestHash ----------------------------------------------------------------------------------------------

    [Fact]
    public void RequestHash_WhenOnlyTheKeyDiffers_IsTheSame() =>
        Hash(Credit with { IdempotencyKey = "another-key" }).ShouldBe(Hash(Credit with { IdempotencyKey = null }));

    public static TheoryData<string, CreditCommand> ChangedFields => new()
    {
        { "accountId", Credit with { AccountId = Guid.NewGuid() } },
        { "asset", Credit with { Asset = "EUR" } },
        { "amount", Credit with { Amount = "25.5" } }, // the same value written differently is a different body
        { "description", Credit with { Description = "Bonus" } },
        { "description null", Credit with { Description = null } },
    };

    [Theory]
    [MemberData(nameof(ChangedFields))]
    public void RequestHash_WhenAnyFieldDiffers_Differs(string field, CreditCommand changed) =>
        Hash(changed).ShouldNotBe(Hash(Credit), field);

    [Fact]
    public void RequestHash_WhenCalled_IsALowerCaseSha256HexString() =>
        Hash(Credit).ShouldMatch("^[0-9a-f]{64}$");

    [Fact]
    public void RequestHash_WhenCalled_IsTheSha256OfTheNameColonAndJsonAsOneUtf8String()
    {
        // Stored keys were hashed this way: the hash of a request must not change between versions.
        var command = Credit with { Description = "Café <b>&</b> \"quoted\" \u2603 naïve" };
        var json = JsonSerializer.Serialize(command, WebJson);

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("CreditCommand:" + json)));

        Hash(command).ShouldBe(expected);
    }

    private static string Hash(CreditCommand command) => IdempotencyBehaviour<CreditCommand, Result<TransactionDto>>.RequestHash(command);

    private IdempotencyBehaviour<CreditCommand, Result<TransactionDto>> Behaviour() => new(store, CurrentUsers.For(userId), unitOfWork, context);

    private void ClaimSucceeds() => store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(true);

    private void KeyTakenBy(CreditCommand earlier, StoredOutcome? outcome)
    {
        store.TryClaimAsync(userId, Key, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(false);
        store.FindAsync(userId, Key, Arg.Any<CancellationToken>()).Returns(new IdempotencyRecord(Hash(earlier), outcome));
    }

    private RequestHandlerDelegate<TResponse> Next<TResponse>(TResponse response) => () =>
    {
        nextCalls++;
        return Task.FromResult(response);
    };
}
