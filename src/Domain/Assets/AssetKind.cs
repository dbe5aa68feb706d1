namespace PortfolioTracker.Domain.Assets;

public enum AssetKind
{
    Fiat,
    Crypto,
}
