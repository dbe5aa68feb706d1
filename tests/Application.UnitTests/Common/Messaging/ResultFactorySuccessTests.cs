using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Messaging;

/// <summary>The success side of <see cref="ResultFactory{TResponse}"/>: what idempotency replays are built from.</summary>
public class ResultFactorySuccessTests
{
    [Fact]
    public void ValueType_WhenResponseIsResultOfT_IsT() => ResultFactory<Result<TransactionDto>>.ValueType.ShouldBe(typeof(TransactionDto));

    [Fact]
    public void ValueType_WhenResponseIsPlainResult_IsNull() => ResultFactory<Result>.ValueType.ShouldBeNull();

    [Fact]
    public void Success_WhenResponseIsResultOfReferenceType_CarriesTheValue()
    {
        var dto = TransactionDtos.Trade();

        var result = ResultFactory<Result<TransactionDto>>.Success(dto);

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBeSameAs(dto);
    }

    [Fact]
    public void Success_WhenResponseIsResultOfValueType_CarriesTheValue()
    {
        var result = ResultFactory<Result<int>>.Success(42);

        result.ShouldBeOfType<Result<int>>();
        result.Value.ShouldBe(42);
    }

    [Fact]
    public void Success_WhenTheValueOfAValueTypeIsNull_CarriesTheDefault() =>
        ResultFactory<Result<int>>.Success(null).Value.ShouldBe(0);

    [Fact]
    public void Success_WhenResponseIsPlainResult_IgnoresTheValue()
    {
        var result = ResultFactory<Result>.Success("ignored");

        result.IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Success_WhenResponseIsNotAResult_ThrowsInvalidOperationException() =>
        Should.Throw<InvalidOperationException>(() => ResultFactory<string>.Success("x")).Message.ShouldContain("System.String");

    [Fact]
    public void Value_WhenResponseIsASuccessfulResultOfT_ReadsTheValue()
    {
        var dto = TransactionDtos.Trade();

        ResultFactory<Result<TransactionDto>>.Value(Result<TransactionDto>.Success(dto)).ShouldBeSameAs(dto);
    }

    [Fact]
    public void Value_WhenResponseIsAResultOfValueType_ReadsTheBoxedValue() =>
        ResultFactory<Result<int>>.Value(Result<int>.Success(7)).ShouldBe(7);

    [Fact]
    public void Value_WhenResponseIsPlainResult_IsNull() => ResultFactory<Result>.Value(Result.Success()).ShouldBeNull();

    [Fact]
    public void SuccessAndValue_WhenChained_RoundTripTheValue()
    {
        var dto = TransactionDtos.Trade();

        ResultFactory<Result<TransactionDto>>.Value(ResultFactory<Result<TransactionDto>>.Success(dto)).ShouldBeSameAs(dto);
    }
}
