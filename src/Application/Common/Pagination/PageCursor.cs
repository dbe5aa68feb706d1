using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PortfolioTracker.Application.Common.Pagination;

/// <summary>
/// The position after the last item of a page in a list ordered by (timestamp, id) descending. Clients see it as an
/// opaque base64url string; the server decodes it into a keyset condition, so pages stay stable while new items are
/// inserted.
/// </summary>
public readonly record struct PageCursor(DateTimeOffset At, Guid Id)
{
    private const string Version = "1";

    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Version}|{At.UtcTicks}|{Id:N}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    public static bool TryDecode(string? value, out PageCursor cursor)
    {
        cursor = default;
        // Only the base64url alphabet: the decoder would otherwise skip whitespace, making many strings one cursor.
        if (string.IsNullOrEmpty(value) || value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes).Split('|');
        if (parts.Length != 3 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[2], "N", out var id))
        {
            return false;
        }

        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
