class User < ApplicationRecord
  has_secure_password
  validates :password, length: { minimum: 12 }, if: -> { password.present? }

  # password_digest is a bcrypt hash column
  def self.authenticate(email, password)
    find_by(email: email)&.authenticate(password)
  end

  def api_token
    self.class.generate_unique_secure_token
  end
end
