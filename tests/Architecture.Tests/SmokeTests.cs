namespace Smoke;

public class SmokeTests
{
    [Fact]
    public void Runs() => (1 + 1).ShouldBe(2);
}
