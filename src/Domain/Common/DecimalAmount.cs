using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace PortfolioTracker.Domain.Common;

/// <summary>
/// Exact decimal strings and arithmetic: the wire format of amounts, prices and quantities, and rounding that never
/// goes through a binary fraction or silently loses a digit.
/// </summary>
public static partial class DecimalAmount
{
    /// <summary>
    /// A <see cref="decimal"/> holds every value of at most 28 significant digits exactly; longer inputs are refused
    /// rather than rounded.
    /// </summary>
    public const int MaxSignificantDigits = 28;

    private static readonly BigInteger MaxMantissa = (BigInteger.One << 96) - 1;

    /// <summary>
    /// Parses a plain non-negative decimal string (<c>"0.00012345"</c>): digits with an optional fraction, no sign, no
    /// exponent, no spaces, no thousands separators. Returns false for anything else, or for more than
    /// <see cref="MaxSignificantDigits"/> significant digits.
    /// </summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (text is null || text.Length > 64 || !Pattern().IsMatch(text))
        {
            return false;
        }

        // Spans, not substrings: every amount of every request comes through here.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? text.AsSpan() : text.AsSpan(0, dot);
        var fraction = dot < 0 ? [] : text.AsSpan(dot + 1);
        var significant = integer.TrimStart('0').Length + fraction.TrimEnd('0').Length;
        if (significant > MaxSignificantDigits)
        {
            return false;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The number of fraction digits the value needs (<c>"1.000"</c> needs 0, <c>"1.001"</c> needs 3).</summary>
    public static int FractionDigits(decimal value)
    {
        // The 96-bit magnitude in a UInt128 (no allocation, unlike a BigInteger beyond 64 bits); the sign does not matter.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        int scale = value.Scale;
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        return mantissa == UInt128.Zero ? 0 : scale;
    }

    /// <summary>Renders with exactly <paramref name="decimals"/> fraction digits (<c>"69.50"</c>, <c>"-0.10000000"</c>).</summary>
    public static string Format(decimal value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Renders a value with as many fraction digits as it needs (prices: <c>"64250.12"</c>, never an exponent).</summary>
    public static string FormatNormalized(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Renders a nullable value, or null.</summary>
    public static string? Format(decimal? value, int decimals) => value is { } v ? Format(v, decimals) : null;

    /// <summary>
    /// <paramref name="a"/> × <paramref name="b"/> rounded to <paramref name="decimals"/> fraction digits, midpoint away
    /// from zero, computed exactly (no intermediate rounding at 28 digits).
    /// </summary>
    public static decimal MultiplyRounded(decimal a, decimal b, int decimals)
    {
        var (ma, sa) = Decompose(a);
        var (mb, sb) = Decompose(b);
        return Round(ma * mb, sa + sb, decimals);
    }

    /// <summary>As <see cref="MultiplyRounded"/>, but false instead of an overflow when the product exceeds a decimal.</summary>
    public static bool TryMultiplyRounded(decimal a, decimal b, int decimals, out decimal product)
    {
        try
        {
            product = MultiplyRounded(a, b, decimals);
            return true;
        }
        catch (OverflowException)
        {
            product = 0;
            return false;
        }
    }

    /// <summary>
    /// <paramref name="dividend"/> ÷ <paramref name="divisor"/> rounded to <paramref name="decimals"/> fraction digits,
    /// midpoint away from zero, computed exactly.
    /// </summary>
    public static decimal DivideRounded(decimal dividend, decimal divisor, int decimals)
    {
        if (divisor == 0)
        {
            throw new DivideByZeroException();
        }

        var (mn, sn) = Decompose(dividend);
        var (md, sd) = Decompose(divisor);

        // value = (mn / 10^sn) / (md / 10^sd); scaled by 10^decimals: mn * 10^(sd + decimals) / (md * 10^sn).
        var numerator = mn * BigInteger.Pow(10, sd + decimals);
        var denominator = md * BigInteger.Pow(10, sn);
        return FromScaled(DivideAwayFromZero(numerator, denominator), decimals);
    }

    /// <summary>Rounds to <paramref name="decimals"/> fraction digits, midpoint away from zero.</summary>
    public static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    private static decimal Round(BigInteger mantissa, int scale, int decimals)
    {
        if (scale <= decimals)
        {
            return FromScaled(mantissa * BigInteger.Pow(10, decimals - scale), decimals);
        }

        return FromScaled(DivideAwayFromZero(mantissa, BigInteger.Pow(10, scale - decimals)), decimals);
    }

    private static BigInteger DivideAwayFromZero(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= denominator)
        {
            quotient += numerator.Sign;
        }

        return quotient;
    }

    private static decimal FromScaled(BigInteger mantissa, int scale)
    {
        var magnitude = BigInteger.Abs(mantissa);
        if (magnitude > MaxMantissa)
        {
            throw new OverflowException("The result does not fit a decimal.");
        }

        var bytes = magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
        Array.Resize(ref bytes, 12);
        return new decimal(
            BitConverter.ToInt32(bytes, 0),
            BitConverter.ToInt32(bytes, 4),
            BitConverter.ToInt32(bytes, 8),
            mantissa.Sign < 0,
            (byte)scale);
    }

    private static (BigInteger Mantissa, int Scale) Decompose(decimal value)
    {
        var bits = decimal.GetBits(value);
        var low = (uint)bits[0];
        var mid = (uint)bits[1];
        var high = (uint)bits[2];
        var mantissa = ((BigInteger)high << 64) | ((BigInteger)mid << 32) | low;
        var negative = (bits[3] & unchecked((int)0x80000000)) != 0;
        var scale = (bits[3] >> 16) & 0xFF;
        return (negative ? -mantissa : mantissa, scale);
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
