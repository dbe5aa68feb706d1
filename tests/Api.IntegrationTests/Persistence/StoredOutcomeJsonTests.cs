using System.Text.Json.Nodes;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Infrastructure.Persistence.Idempotency;

namespace PortfolioTracker.Api.IntegrationTests.Persistence;

public sealed class StoredOutcomeJsonTests
{
    [Fact]
    public void ASuccess_IsWrittenWithTheAnswerNested_AndReadBackAsTheSameJson()
    {
        const string answer = """{"id":"0198f5c2-0000-7000-8000-000000000001","postings":[{"amount":"-1.50","balanceAfter":null}]}""";

        var written = StoredOutcomeJson.Write(new StoredOutcome(answer, null, null, null));

        JsonNode.Parse(written)!["value"]!["postings"]![0]!["amount"]!.GetValue<string>().ShouldBe("-1.50");
        var read = StoredOutcomeJson.Read(written);
        JsonNode.DeepEquals(JsonNode.Parse(read.ValueJson!), JsonNode.Parse(answer)).ShouldBeTrue();
        read.ErrorCode.ShouldBeNull();
    }

    [Fact]
    public void ARefusal_RoundTrips_WithItsKindAndTraceId()
    {
        var refusal = new StoredOutcome(null, "insufficient_funds", "Not \"enough\".", ErrorKind.BusinessRule, "0af7651916cd43dd8448eb211c80319c");

        StoredOutcomeJson.Read(StoredOutcomeJson.Write(refusal)).ShouldBe(refusal);
    }

    [Fact]
    public void ASuccessWithNoValue_RoundTripsAsNull()
    {
        var read = StoredOutcomeJson.Read(StoredOutcomeJson.Write(new StoredOutcome(null, null, null, null)));

        read.ValueJson.ShouldBe("null");
        read.ErrorCode.ShouldBeNull();
    }

    [Fact]
    public void TheEarlierEscapedForm_IsStillRead()
    {
        // As rows were written before 22 Nov 2026 (and as jsonb gives them back: spaces after colons).
        var success = StoredOutcomeJson.Read("""{"valueJson": "{\"id\":\"x\"}", "errorCode": null, "errorKind": null, "traceId": null, "errorMessage": null}""");
        var refusal = StoredOutcomeJson.Read("""{"valueJson": null, "errorCode": "insufficient_funds", "errorKind": 6, "traceId": "abc", "errorMessage": "No."}""");

        success.ShouldBe(new StoredOutcome("""{"id":"x"}""", null, null, null));
        refusal.ShouldBe(new StoredOutcome(null, "insufficient_funds", "No.", ErrorKind.BusinessRule, "abc"));
    }
}
