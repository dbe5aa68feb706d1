using FluentValidation;
using PortfolioTracker.Application.Accounts.Queries.GetBalanceHistory;
using PortfolioTracker.Application.UnitTests.TestSupport;

namespace PortfolioTracker.Application.UnitTests.Accounts.Queries.GetBalanceHistory;

public class GetBalanceHistoryQueryValidatorTests
{
    private static readonly DateTimeOffset To = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly GetBalanceHistoryQueryValidator validator;

    public GetBalanceHistoryQueryValidatorTests()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        validator = new GetBalanceHistoryQueryValidator(TestAssets.Catalog(), new FakeTimeProvider(To));
    }

    [Fact]
    public async Task Validate_WhenOnlyTheAccountIsGiven_PassesWithTheDefaults() =>
        (await validator.ValidateAsync(Query())).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("hour")]
    [InlineData("day")]
    [InlineData(null)]
    public async Task Validate_WhenIntervalIsHourDayOrAbsent_Passes(string? interval) =>
        (await validator.ValidateAsync(Query() with { Interval = interval })).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("week")]
    [InlineData("Day")]
    [InlineData("")]
    public async Task Validate_WhenIntervalIsAnythingElse_ReportsIt(string interval) =>
        (await validator.ValidateAsync(Query() with { Interval = interval })).ShouldFailOnlyOn("Interval").ShouldBe(["Must be 'hour' or 'day'."]);

    [Fact]
    public async Task Validate_WhenAssetIsUnknown_ReportsIt() =>
        (await validator.ValidateAsync(Query() with { Asset = "XYZ" })).ShouldFailOnlyOn("Asset");

    [Fact]
    public async Task Validate_WhenAssetIsKnown_Passes() =>
        (await validator.ValidateAsync(Query() with { Asset = "btc" })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenToIsBeforeFrom_ReportsIt() =>
        (await validator.ValidateAsync(Query() with { From = To, To = To.AddSeconds(-1) })).ShouldFailOnlyOn("To").ShouldBe(["Must not be before 'from' (when omitted, 'to' is now)."]);

    [Fact]
    public async Task Validate_WhenFromIsAfterTheDefaultTo_ReportsIt() =>
        // 'to' defaults to now (the fake clock's To): a 'from' after it cannot make a range.
        (await validator.ValidateAsync(Query() with { From = To.AddDays(1) })).ShouldFailOnlyOn("To");


    [Fact]
    public async Task Validate_WhenAHundredDaysAreAskedByDay_Passes() =>
        (await validator.ValidateAsync(Query() with { From = To.AddDays(-100), To = To, Interval = "day" })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenAHundredDaysAreAskedByHour_ReportsTheRangeIsTooBigOnFrom() =>
        // 100 days are 2400 hourly points, more than the 2000 an answer may hold.
        (await validator.ValidateAsync(Query() with { From = To.AddDays(-100), To = To, Interval = "hour" })).ShouldFailOnlyOn("from")
            .ShouldBe(["The range holds more than 2000 intervals; narrow it or use a larger interval."]);

    [Fact]
    public async Task Validate_WhenTenYearsAreAskedByDay_ReportsTheRangeIsTooBig() =>
        // About 3650 daily points.
        (await validator.ValidateAsync(Query() with { From = To.AddYears(-10), To = To })).ShouldFailOnlyOn("from");

    [Fact]
    public async Task Validate_WhenFiveYearsAreAskedByDay_Passes() =>
        // About 1826 daily points: within 2000.
        (await validator.ValidateAsync(Query() with { From = To.AddYears(-5), To = To })).IsValid.ShouldBeTrue();

    [Fact]
    public async Task Validate_WhenTheRangeSpans2001Days_ReportsTheRangeIsTooBig() =>
        // Midnight to midnight 2000 days later: the days containing from and to and every one between, 2001 points.
        (await validator.ValidateAsync(Query() with { From = To.AddDays(-2000), To = To })).ShouldFailOnlyOn("from");

    [Fact]
    public async Task Validate_WhenTheRangeSpansExactly2000Days_Passes() =>
        // Midnight to midnight 1999 days later: days 0 … 1999, exactly 2000 points.
        (await validator.ValidateAsync(Query() with { From = To.AddDays(-1999), To = To })).IsValid.ShouldBeTrue();

    private static GetBalanceHistoryQuery Query() => new(Guid.NewGuid(), null, null, null, null);
}
