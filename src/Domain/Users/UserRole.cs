namespace PortfolioTracker.Domain.Users;

public enum UserRole
{
    User,
    Admin,
}
