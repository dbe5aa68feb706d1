using PortfolioTracker.Domain.Portfolio;

namespace PortfolioTracker.Domain.UnitTests.Portfolio;

public class CostBasisTests
{
    [Fact]
    public void New_HoldsNothingAtAKnownCostOfZero()
    {
        var basis = new CostBasis();

        basis.Quantity.ShouldBe(0m);
        basis.Cost.ShouldBe(0m);
        basis.AverageCost.ShouldBeNull();
    }

    [Fact]
    public void Acquire_AtDifferentPrices_AveragesByQuantity()
    {
        var basis = new CostBasis();

        // 0.1 BTC for 9,000 + 10 fee, then 0.05 BTC for 4,000: 0.15 BTC cost 13,010 in all.
        basis.Acquire(0.1m, 9010m);
        basis.Acquire(0.05m, 4000m);

        basis.Quantity.ShouldBe(0.15m);
        basis.Cost.ShouldBe(13010m);
        Math.Round(basis.AverageCost!.Value, 18).ShouldBe(86733.333333333333333333m);
    }

    [Fact]
    public void Release_Part_TakesItsShareOfTheCost_AndLeavesTheAverageUnchanged()
    {
        var basis = new CostBasis();
        basis.Acquire(0.1m, 9010m);
        basis.Acquire(0.05m, 4000m);

        var leaving = basis.Release(0.03m);

        // 0.03 of 0.15 is a fifth: 13,010 / 5 = 2,602 leaves with it.
        leaving.ShouldBe(2602m);
        basis.Quantity.ShouldBe(0.12m);
        basis.Cost.ShouldBe(10408m);
        Math.Round(basis.AverageCost!.Value, 18).ShouldBe(86733.333333333333333333m);
    }

    [Fact]
    public void Release_AThirdOfAnUnevenCost_KeepsTheAverageToEighteenDecimals()
    {
        var basis = new CostBasis();
        basis.Acquire(3m, 100m);

        basis.Release(1m);

        basis.Quantity.ShouldBe(2m);
        Math.Round(basis.Cost!.Value, 18).ShouldBe(66.666666666666666667m);
        Math.Round(basis.AverageCost!.Value, 18).ShouldBe(33.333333333333333333m);
    }

    [Fact]
    public void Acquire_AfterADisposal_AveragesTheRemainderWithTheNewUnits()
    {
        var basis = new CostBasis();
        basis.Acquire(2m, 200m);
        basis.Release(1m);

        basis.Acquire(1m, 400m);

        // 1 unit left at 100, plus 1 at 400: 2 units for 500.
        basis.Quantity.ShouldBe(2m);
        basis.Cost.ShouldBe(500m);
        basis.AverageCost.ShouldBe(250m);
    }

    [Fact]
    public void Acquire_AtAnUnknownCost_MakesTheWholeCostUnknown()
    {
        var basis = new CostBasis();
        basis.Acquire(1m, 100m);

        basis.Acquire(1m, null);

        basis.Quantity.ShouldBe(2m);
        basis.Cost.ShouldBeNull();
        basis.AverageCost.ShouldBeNull();
    }

    [Fact]
    public void Release_Part_OfAnUnknownCost_KeepsItUnknown()
    {
        var basis = new CostBasis();
        basis.Acquire(2m, null);

        basis.Release(1m).ShouldBeNull();

        basis.Quantity.ShouldBe(1m);
        basis.Cost.ShouldBeNull();
    }

    [Fact]
    public void Release_Everything_MakesTheCostKnownAgain_SoLaterAcquisitionsAreCounted()
    {
        var basis = new CostBasis();
        basis.Acquire(2m, null);
        basis.Release(2m);

        basis.Cost.ShouldBe(0m);
        basis.Acquire(0.5m, 30000m);

        basis.Cost.ShouldBe(30000m);
        basis.AverageCost.ShouldBe(60000m);
    }

    [Fact]
    public void Release_MoreThanHeld_EmptiesTheHolding()
    {
        var basis = new CostBasis();
        basis.Acquire(1m, 10m);

        basis.Release(1.5m).ShouldBe(10m);

        basis.Quantity.ShouldBe(0m);
        basis.Cost.ShouldBe(0m);
        basis.AverageCost.ShouldBeNull();
    }

    [Fact]
    public void Acquire_ForNothing_CountsAZeroCost()
    {
        var basis = new CostBasis();

        basis.Acquire(4m, 0m);

        basis.AverageCost.ShouldBe(0m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Acquire_WhenTheQuantityIsNotPositive_Throws(int quantity)
    {
        var basis = new CostBasis();

        Should.Throw<ArgumentOutOfRangeException>(() => basis.Acquire(quantity, 1m));
        basis.Quantity.ShouldBe(0m);
    }

    [Fact]
    public void Acquire_WhenTheCostIsNegative_ThrowsAndChangesNothing()
    {
        var basis = new CostBasis();

        Should.Throw<ArgumentOutOfRangeException>(() => basis.Acquire(1m, -0.01m));
        basis.Quantity.ShouldBe(0m);
        basis.Cost.ShouldBe(0m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Release_WhenTheQuantityIsNotPositive_Throws(int quantity)
    {
        var basis = new CostBasis();
        basis.Acquire(1m, 1m);

        Should.Throw<ArgumentOutOfRangeException>(() => basis.Release(quantity));
        basis.Quantity.ShouldBe(1m);
    }

    [Fact]
    public void Combine_AddsUpQuantitiesAndCosts_IgnoringEmptyBooks()
    {
        var spot = new CostBasis();
        spot.Acquire(0.02m, 1802m);
        var savings = new CostBasis();
        savings.Acquire(0.05m, 4000m);
        var emptied = new CostBasis();
        emptied.Acquire(1m, null);
        emptied.Release(1m);

        var combined = CostBasis.Combine([spot, savings, emptied]);

        combined.Quantity.ShouldBe(0.07m);
        combined.Cost.ShouldBe(5802m);
    }

    [Fact]
    public void Combine_WhenOneBooksCostIsUnknown_TheCombinedCostIsUnknown()
    {
        var known = new CostBasis();
        known.Acquire(1m, 100m);
        var unknown = new CostBasis();
        unknown.Acquire(1m, null);

        var combined = CostBasis.Combine([known, unknown]);

        combined.Quantity.ShouldBe(2m);
        combined.Cost.ShouldBeNull();
    }
}
