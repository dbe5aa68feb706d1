using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Credit;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Idempotency;

/// <summary>How an invalid Idempotency-Key reaches the client: through the validation step of the pipeline.</summary>
public class IdempotencyKeyValidationTests
{
    private static readonly CreditCommand Credit = new(Guid.NewGuid(), "USD", "1.00", null, IdempotencyKey: string.Empty);

    [Fact]
    public async Task Pipeline_WhenIdempotencyKeyIsInvalid_AnswersValidationFailedWithoutRunningTheHandler()
    {
        var behaviour = new ValidationBehaviour<CreditCommand, Result<TransactionDto>>([new CreditCommandValidator(TestAssets.Catalog())]);
        var ran = false;

        var response = await behaviour.Handle(Credit, CancellationToken.None, () =>
        {
            ran = true;
            return Task.FromResult(Result<TransactionDto>.Success(TransactionDtos.Trade()));
        });

        ran.ShouldBeFalse();
        response.Error.Code.ShouldBe("validation_failed");
        response.Error.FieldErrors.ShouldNotBeNull().Values.ShouldHaveSingleItem().ShouldBe(["Must be 1-255 printable ASCII characters."]);
    }

    [Fact]
    public async Task Pipeline_WhenIdempotencyKeyIsInvalid_ReportsItUnderTheHeadersName()
    {
        var behaviour = new ValidationBehaviour<CreditCommand, Result<TransactionDto>>([new CreditCommandValidator(TestAssets.Catalog())]);

        var response = await behaviour.Handle(Credit, CancellationToken.None, () => Task.FromResult(Result<TransactionDto>.Success(TransactionDtos.Trade())));

        response.Error.FieldErrors.ShouldNotBeNull().Keys.ShouldBe(["Idempotency-Key"]);
    }
}
