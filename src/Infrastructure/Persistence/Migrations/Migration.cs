using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PortfolioTracker.Infrastructure.Persistence.Migrations;

/// <summary>One numbered SQL script, e.g. <c>0002_ledger.sql</c>, identified by its version and checksum.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script with line endings normalised, so a CRLF checkout does not look like a change.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Parses <c>NNNN_name.sql</c>; returns null for any other file name.</summary>
    public static Migration? FromFile(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        return match.Success ? new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql) : null;
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
