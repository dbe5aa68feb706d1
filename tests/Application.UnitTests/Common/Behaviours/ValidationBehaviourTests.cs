using FluentValidation;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Behaviours;

public class ValidationBehaviourTests
{
    private static readonly TransferFundsCommand ValidTransfer =
        new(Guid.NewGuid(), "REF-1", [new TransferLine("Rent", 100m)]);

    private int nextCalls;

    [Fact]
    public async Task Handle_WhenRequestHasNoValidators_CallsNextAndReturnsItsResponse()
    {
        var expected = Result<Guid>.Success(Guid.NewGuid());
        var behaviour = new ValidationBehaviour<TransferFundsCommand, Result<Guid>>([]);

        var response = await behaviour.Handle(ValidTransfer with { Reference = string.Empty }, CancellationToken.None, Next(expected));

        response.ShouldBeSameAs(expected);
        nextCalls.ShouldBe(1);
    }

    [Fact]
    public async Task Handle_WhenEveryValidatorPasses_CallsNextAndReturnsItsResponse()
    {
        var expected = Result<Guid>.Success(Guid.NewGuid());
        var behaviour = new ValidationBehaviour<TransferFundsCommand, Result<Guid>>([new TransferValidator(), new ReferencePrefixValidator()]);

        var response = await behaviour.Handle(ValidTransfer, CancellationToken.None, Next(expected));

        response.ShouldBeSameAs(expected);
        nextCalls.ShouldBe(1);
    }

    [Fact]
    public async Task Handle_WhenAValidatorFails_ReturnsValidationFailedWithoutCallingNext()
    {
        var behaviour = new ValidationBehaviour<TransferFundsCommand, Result<Guid>>([new TransferValidator()]);

        var response = await behaviour.Handle(ValidTransfer with { Reference = string.Empty }, CancellationToken.None, Next(Result<Guid>.Success(Guid.NewGuid())));

        nextCalls.ShouldBe(0);
        response.IsFailure.ShouldBeTrue();
        response.Error.Kind.ShouldBe(ErrorKind.Validation);
        response.Error.Code.ShouldBe("validation_failed");
        response.Error.FieldErrors.ShouldNotBeNull();
        response.Error.FieldErrors.Keys.ShouldBe(["reference"]);
        response.Error.FieldErrors["reference"].ShouldBe(["Is required."]);
    }

    [Fact]
    public async Task Handle_WhenANestedItemFails_KeysTheErrorByTheCamelCasePath()
    {
        var behaviour = new ValidationBehaviour<TransferFundsCommand, Result<Guid>>([new TransferValidator()]);
        var request = ValidTransfer with { Lines = [new TransferLine("Rent", 1m), new TransferLine(string.Empty, -5m)] };

        var response = await behaviour.Handle(request, CancellationToken.None, Next(Result<Guid>.Success(Guid.NewGuid())));

        response.Error.FieldErrors.ShouldNotBeNull();
        response.Error.FieldErrors.Keys.OrderBy(key => key, StringComparer.Ordinal).ShouldBe(["lines[1].amount", "lines[1].name"]);
        response.Error.FieldErrors["lines[1].name"].ShouldBe(["Line name is required."]);
        response.Error.FieldErrors["lines[1].amount"].ShouldBe(["Must be positive."]);
        nextCalls.ShouldBe(0);
    }

    [Fact]
    public async Task Handle_WhenSeveralValidatorsFail_CombinesTheirErrorsOncePerMessage()
    {
        var behaviour = new ValidationBehaviour<TransferFundsCommand, Result<Guid>>([new TransferValidator(), new ReferencePrefixValidator()]);
        var request = ValidTransfer with { Reference = "X", Lines = [new TransferLine(string.Empty, 1m)] };

        var response = await behaviour.Handle(request, CancellationToken.None, Next(Result<Guid>.Success(Guid.NewGuid())));

        var fieldErrors = response.Error.FieldErrors.ShouldNotBeNull();
        fieldErrors.Count.ShouldBe(2);
        fieldErrors["reference"].ShouldBe(["Must be at least 3 characters.", "Must start with REF-."], ignoreOrder: true);
        fieldErrors["lines[0].name"].ShouldBe(["Line name is required."]);
    }

    [Fact]
    public async Task Handle_WhenTwoValidatorsReportTheSameMessageForAField_ListsItOnce()
    {
        var behaviour = new ValidationBehaviour<TransferFundsCommand, Result<Guid>>([new TransferValidator(), new TransferValidator()]);

        var response = await behaviour.Handle(ValidTransfer with { Reference = string.Empty }, CancellationToken.None, Next(Result<Guid>.Success(Guid.NewGuid())));

        response.Error.FieldErrors!["reference"].ShouldBe(["Is required."]);
    }

    [Fact]
    public async Task Handle_WhenCommandWithoutValueFails_ReturnsAFailedPlainResult()
    {
        var behaviour = new ValidationBehaviour<ArchiveEverythingCommand, Result>([new ArchiveValidator()]);

        var response = await behaviour.Handle(new ArchiveEverythingCommand(string.Empty), CancellationToken.None, Next(Result.Success()));

        nextCalls.ShouldBe(0);
        response.IsFailure.ShouldBeTrue();
        response.Error.Code.ShouldBe("validation_failed");
        response.Error.FieldErrors!.Keys.ShouldBe(["reason"]);
    }

    [Fact]
    public async Task Handle_WhenCommandWithoutValuePasses_CallsNext()
    {
        var behaviour = new ValidationBehaviour<ArchiveEverythingCommand, Result>([new ArchiveValidator()]);

        var response = await behaviour.Handle(new ArchiveEverythingCommand("tidy up"), CancellationToken.None, Next(Result.Success()));

        nextCalls.ShouldBe(1);
        response.IsSuccess.ShouldBeTrue();
    }

    [Theory]
    [InlineData("Name", "name")]
    [InlineData("RefreshToken", "refreshToken")]
    [InlineData("Items[0].Name", "items[0].name")]
    [InlineData("Coins[12].Id", "coins[12].id")]
    [InlineData("Address.PostCode", "address.postCode")]
    [InlineData("Order.Lines[3].UnitPrice", "order.lines[3].unitPrice")]
    [InlineData("email", "email")]
    public void ToFieldName_WhenGivenAPropertyPath_CamelCasesEverySegment(string propertyName, string expected) =>
        ValidationBehaviour<TransferFundsCommand, Result<Guid>>.ToFieldName(propertyName).ShouldBe(expected);

    private MediatR.RequestHandlerDelegate<TResponse> Next<TResponse>(TResponse response) => () =>
    {
        nextCalls++;
        return Task.FromResult(response);
    };

    private sealed class TransferValidator : AbstractValidator<TransferFundsCommand>
    {
        public TransferValidator()
        {
            RuleFor(c => c.Reference).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Is required.")
                .MinimumLength(3).WithMessage("Must be at least 3 characters.");
            RuleForEach(c => c.Lines).ChildRules(line =>
            {
                line.RuleFor(l => l.Name).NotEmpty().WithMessage("Line name is required.");
                line.RuleFor(l => l.Amount).GreaterThan(0).WithMessage("Must be positive.");
            });
        }
    }

    private sealed class ReferencePrefixValidator : AbstractValidator<TransferFundsCommand>
    {
        public ReferencePrefixValidator() =>
            RuleFor(c => c.Reference).Must(reference => reference.StartsWith("REF-", StringComparison.Ordinal)).WithMessage("Must start with REF-.");
    }

    private sealed class ArchiveValidator : AbstractValidator<ArchiveEverythingCommand>
    {
        public ArchiveValidator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Is required.");
    }
}
