using System.Diagnostics.Metrics;
using System.Globalization;
using PortfolioTracker.Application.Common.Telemetry;

namespace PortfolioTracker.Application.Transactions;

/// <summary>
/// The ledger's metrics (meter <c>PortfolioTracker</c>): transactions by type and the status they entered, refused
/// movements by error code, and the volume moved per asset. Recorded once a movement command has been answered (after
/// its commit), never for idempotent replays.
/// </summary>
/// <remarks>
/// The volume is a <see cref="double"/> counter: metrics are observational and every metrics backend stores doubles. The
/// ledger itself never leaves <see cref="decimal"/>; the conversion happens here, at the metric boundary, only.
/// </remarks>
public sealed class LedgerMetrics
{
    /// <summary>The name of the volume counter (tagged by asset: as many series as the catalog has assets).</summary>
    public const string VolumeInstrumentName = "portfoliotracker.ledger.volume";

    private readonly Counter<long> transactions;
    private readonly Counter<long> refusals;
    private readonly Counter<double> volume;

    public LedgerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Instrumentation.Name);
        transactions = meter.CreateCounter<long>(
            "portfoliotracker.ledger.transactions", "{transaction}", "Ledger transactions by type and the status they entered (posted, pending, voided).");
        refusals = meter.CreateCounter<long>(
            "portfoliotracker.ledger.refusals", "{refusal}", "Money movements refused, by error code (validation, business rules, access).");
        volume = meter.CreateCounter<double>(
            VolumeInstrumentName, null, "Amount moved by posted transactions, per asset, in units of that asset (observational: a double).");
    }

    /// <summary>The metric's status label: the API's <c>completed</c> is <c>posted</c> here.</summary>
    public static string StatusLabel(string status) => status switch
    {
        "completed" => "posted",
        _ => status,
    };

    /// <summary>
    /// A movement answered with a transaction: counts it with the status it entered, and when it is posted, the amount
    /// it moved per asset (the sum of its positive postings: what left one side and reached the other).
    /// </summary>
    public void Recorded(TransactionDto transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var status = StatusLabel(transaction.Status);
        transactions.Add(1, new("type", transaction.Type), new("status", status));
        if (status != "posted")
        {
            return;
        }

        // Per asset, in the order the assets first appear; plain loops, as this runs for every posted movement.
        var postings = transaction.Postings;
        for (var i = 0; i < postings.Count; i++)
        {
            var asset = postings[i].Asset;
            if (AppearsBefore(postings, asset, i))
            {
                continue;
            }

            var moved = 0m;
            for (var j = i; j < postings.Count; j++)
            {
                if (string.Equals(postings[j].Asset, asset, StringComparison.Ordinal)
                    && decimal.Parse(postings[j].Amount, NumberStyles.Number, CultureInfo.InvariantCulture) is > 0 and var amount)
                {
                    moved += amount;
                }
            }

            if (moved > 0)
            {
                volume.Add((double)moved, new KeyValuePair<string, object?>("asset", asset));
            }
        }
    }

    private static bool AppearsBefore(IReadOnlyList<PostingDto> postings, string asset, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(postings[j].Asset, asset, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A movement refused with <paramref name="code"/> (e.g. <c>insufficient_funds</c>, <c>validation_failed</c>).</summary>
    public void Refused(string code) => refusals.Add(1, new KeyValuePair<string, object?>("code", code));
}
