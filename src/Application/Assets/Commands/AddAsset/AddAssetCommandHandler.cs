using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Assets.Commands.AddAsset;

internal sealed class AddAssetCommandHandler(
    IAssetRepository assets,
    IAssetCatalog catalog,
    ICurrentUser currentUser,
    IUnitOfWork unitOfWork,
    IAuditLog auditLog,
    TimeProvider clock) : IRequestHandler<AddAssetCommand, Result<AssetDto>>
{
    public async Task<Result<AssetDto>> Handle(AddAssetCommand request, CancellationToken cancellationToken)
    {
        if (!currentUser.Actor.IsAdmin)
        {
            return UserErrors.AdminOnly;
        }

        var kind = AssetKinds.TryParse(request.Kind, out var parsed) ? parsed : throw new InvalidOperationException("Validated kind is unknown.");
        var asset = Asset.Create(AssetCode.Parse(request.Code), request.Name, kind, request.Decimals!.Value, request.PriceId);
        if (asset.IsFailure)
        {
            return asset.Error;
        }

        var now = clock.UtcNow();
        var added = await assets.AddAsync(asset.Value, Account.World(Guid.CreateVersion7(now), asset.Value, now), cancellationToken);
        if (added.IsFailure)
        {
            return added.Error;
        }

        var dto = AssetDto.From(asset.Value);
        await auditLog.RecordAsync(new AuditEntry("asset.added", "asset", dto.Code, After: dto), cancellationToken);
        unitOfWork.OnCommitted(catalog.Invalidate);
        return dto;
    }
}
