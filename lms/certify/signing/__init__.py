"""PAdES signatures on issued PDFs, by the issuer's key (pyHanko).

``keys`` finds the key and certificate (the deployment's, or one generated at
first start in the instance folder); ``pades`` signs PDF bytes with them.
"""
