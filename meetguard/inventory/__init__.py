"""What is installed on a Host: `scanner.scan` asks every channel of the Host's platform."""
