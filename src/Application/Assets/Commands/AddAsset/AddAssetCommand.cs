using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Messaging;

namespace PortfolioTracker.Application.Assets.Commands.AddAsset;

/// <summary>An admin adds an asset the ledger can hold (its world account is created with it).</summary>
public sealed record AddAssetCommand(string Code, string Name, string Kind, int? Decimals, string? PriceId) : ICommand<AssetDto>, IAuditTarget
{
    public string AuditEntityType => "asset";

    public string? AuditEntityId => Code;
}
