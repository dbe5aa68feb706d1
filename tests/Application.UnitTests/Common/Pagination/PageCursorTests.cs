using System.Buffers.Text;
using System.Text;
using PortfolioTracker.Application.Common.Pagination;

namespace PortfolioTracker.Application.UnitTests.Common.Pagination;

public class PageCursorTests
{
    private static readonly Guid SomeId = Guid.Parse("0196f2a4-1b2c-7d3e-8f40-112233445566");
    private static readonly DateTimeOffset SomeTime = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public static TheoryData<DateTimeOffset> Instants => new()
    {
        SomeTime,
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void TryDecode_WhenGivenAnEncodedCursor_ReturnsTheSameCursor(DateTimeOffset at)
    {
        var original = new PageCursor(at, SomeId);

        var decoded = PageCursor.TryDecode(original.Encode(), out var cursor);

        decoded.ShouldBeTrue();
        cursor.ShouldBe(original);
        cursor.At.UtcTicks.ShouldBe(at.UtcTicks);
        cursor.Id.ShouldBe(SomeId);
    }

    [Fact]
    public void TryDecode_WhenCursorWasMadeWithAnOffset_ReturnsTheSameInstantInUtc()
    {
        var local = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2));

        PageCursor.TryDecode(new PageCursor(local, SomeId).Encode(), out var cursor).ShouldBeTrue();

        cursor.At.ShouldBe(local);
        cursor.At.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Encode_WhenCalled_ProducesUrlSafeTextWithinTheAcceptedLength()
    {
        var encoded = new PageCursor(DateTimeOffset.MaxValue, Guid.NewGuid()).Encode();

        encoded.Length.ShouldBeLessThanOrEqualTo(128);
        encoded.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
    }

    [Fact]
    public void Encode_WhenCursorsDiffer_ProducesDifferentText()
    {
        var first = new PageCursor(SomeTime, SomeId).Encode();

        first.ShouldNotBe(new PageCursor(SomeTime.AddTicks(1), SomeId).Encode());
        first.ShouldNotBe(new PageCursor(SomeTime, Guid.NewGuid()).Encode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("not a cursor")]
    [InlineData("%%%%")]
    [InlineData("YWJj")] // "abc"
    public void TryDecode_WhenValueIsNotACursor_ReturnsFalseAndDefault(string? value)
    {
        PageCursor.TryDecode(value, out var cursor).ShouldBeFalse();

        cursor.ShouldBe(default);
    }

    [Theory]
    [InlineData("2|{0}|{1}")] // unknown version
    [InlineData("0|{0}|{1}")]
    [InlineData("1|{0}")] // too few parts
    [InlineData("1|{0}|{1}|extra")] // too many parts
    [InlineData("1|-5|{1}")] // negative ticks
    [InlineData("1|+5|{1}")] // a sign is not a digit
    [InlineData("1| 5|{1}")] // whitespace
    [InlineData("1|12.5|{1}")]
    [InlineData("1|abc|{1}")]
    [InlineData("1|99999999999999999999|{1}")] // overflows a long
    [InlineData("1|3155378976000000000|{1}")] // one tick past DateTimeOffset.MaxValue
    [InlineData("1|{0}|not-a-guid")]
    [InlineData("1|{0}|{2}")] // a guid, but not in the compact N format
    [InlineData("1||{1}")]
    public void TryDecode_WhenPayloadIsMalformed_ReturnsFalse(string format)
    {
        var payload = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, SomeTime.UtcTicks, SomeId.ToString("N"), SomeId.ToString("D"));

        PageCursor.TryDecode(EncodePayload(payload), out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecode_WhenPayloadIsWellFormed_ReturnsTrue()
    {
        // Guards the malformed-payload cases above: the same hand-made encoding is accepted when it is right.
        var payload = $"1|{SomeTime.UtcTicks}|{SomeId:N}";

        PageCursor.TryDecode(EncodePayload(payload), out var cursor).ShouldBeTrue();

        cursor.ShouldBe(new PageCursor(SomeTime, SomeId));
    }

    [Fact]
    public void TryDecode_WhenLongerThan128Characters_ReturnsFalseEvenIfItWouldDecode()
    {
        // Leading zeros keep the ticks valid, so only the length check can refuse these.
        var withinLimit = EncodePayload($"1|{new string('0', 20)}{SomeTime.UtcTicks}|{SomeId:N}");
        var overLimit = EncodePayload($"1|{new string('0', 60)}{SomeTime.UtcTicks}|{SomeId:N}");

        withinLimit.Length.ShouldBeLessThanOrEqualTo(128);
        overLimit.Length.ShouldBeGreaterThan(128);
        PageCursor.TryDecode(withinLimit, out var accepted).ShouldBeTrue();
        accepted.ShouldBe(new PageCursor(SomeTime, SomeId));
        PageCursor.TryDecode(overLimit, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecode_WhenExactly128CharactersOfAValidCursor_ReturnsTrue()
    {
        // 96 payload bytes encode to exactly 128 base64url characters.
        var ticks = SomeTime.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var zeros = 96 - "1||".Length - ticks.Length - 32;
        var encoded = EncodePayload($"1|{new string('0', zeros)}{ticks}|{SomeId:N}");

        encoded.Length.ShouldBe(128);
        PageCursor.TryDecode(encoded, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData('*')]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData('.')]
    public void TryDecode_WhenACharacterIsReplacedByOneOutsideBase64Url_ReturnsFalse(char replacement)
    {
        var encoded = new PageCursor(SomeTime, SomeId).Encode();
        var tampered = string.Concat(encoded.AsSpan(0, 10), replacement.ToString(), encoded.AsSpan(11));

        PageCursor.TryDecode(tampered, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecode_WhenTruncated_ReturnsFalse()
    {
        var encoded = new PageCursor(SomeTime, SomeId).Encode();

        PageCursor.TryDecode(encoded[..^4], out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecode_WhenTheIdIsTamperedWith_ReturnsFalse()
    {
        var payload = $"1|{SomeTime.UtcTicks}|{SomeId:N}";
        var tampered = payload[..^1] + "z"; // 'z' is not a hex digit

        PageCursor.TryDecode(EncodePayload(tampered), out _).ShouldBeFalse();
    }

    private static string EncodePayload(string payload) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(payload));
}
